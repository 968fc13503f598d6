// Manifests are checked field by field; each problem names file and field.
#include "sis_host/manifest.hpp"

#include <catch2/catch.hpp>

#include <boost/filesystem.hpp>

#include <fstream>
#include <regex>

namespace fs = boost::filesystem;

namespace {

const std::string kGood = SIS_SOURCE_DIR "/manifests/veracross.yaml";

std::string read(const std::string &path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Removes a test's temporary folder when the test is done with it.
struct RemovedAtEnd {
    fs::path folder;
    ~RemovedAtEnd() {
        boost::system::error_code ignored;
        fs::remove_all(folder, ignored);
    }
};

// Writes the real manifest with one edit applied, and returns the error.
std::string error_after(const std::string &from, const std::string &to) {
    std::string text = read(kGood);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    fs::path dir = fs::temp_directory_path() / fs::unique_path("sis-manifest-%%%%-%%%%");
    fs::create_directories(dir);
    const RemovedAtEnd cleanup{dir};
    const auto file = dir / "broken.yaml";
    std::ofstream(file.string()) << text;
    try {
        sis_host::load_manifest(file);
    } catch (const sis_host::ManifestError &e) {
        return e.what();
    }
    return "(accepted)";
}

} // namespace

TEST_CASE("the Veracross manifest reads cleanly") {
    auto m = sis_host::load_manifest(kGood);
    CHECK(m.id == "veracross");
    CHECK(m.abi_major == 1);
    CHECK(m.integration_types.at("imports").scopes.size() == 14);
    CHECK(m.integration_types.at("sso").scopes == std::vector<std::string>{"sso"});
    CHECK(m.integration_types.at("imports_and_sso").scopes.size() == 15);
    REQUIRE(m.field("client_secret"));
    CHECK(m.field("client_secret")->secret);
    CHECK(m.field("integration_type")->values.size() == 3);
    CHECK(m.sso_redirect_urls.size() == 2);
}

TEST_CASE("each broken manifest field is named") {
    struct Case {
        const char *from, *to, *expect;
    } cases[] = {
        {"id: veracross", "id: Vera Cross", "field 'id'"},
        {"id: veracross\n", "", "field 'id': is missing"},
        {"version: 0.1.0", "version: one", "field 'version'"},
        {"abi_version: \"1.1\"", "abi_version: v1", "field 'abi_version'"},
        {"library: libveracross_plugin.so", "library: ../../etc/passwd", "field 'library'"},
        {"library: libveracross_plugin.so", "library: /usr/lib/libc.so", "field 'library'"},
        {"  sso:\n    description", "  grades:\n    description", "integration_types.grades"},
        {"scopes: [sso]", "scopes: []", "integration_types.sso.scopes"},
        {"  sso: log families", "  ssx: log families", "no entry for 'sso'"},
        {"type: enum", "type: colour", "config_fields[3].type"},
        {"  - https://pickatime.com/client", "  - http://pickatime.com/client", "sso_redirect_urls"},
        {"display_name: Veracross", "display_name: [a, b]", "field 'display_name'"},
        {"id: veracross", "id: [unclosed", "not valid YAML"},
    };
    for (const auto &k : cases) {
        INFO(k.from << " -> " << k.to);
        const auto msg = error_after(k.from, k.to);
        CHECK_THAT(msg, Catch::Contains("broken.yaml") && Catch::Contains(k.expect));
    }
}

TEST_CASE("a folder scan reports broken manifests without losing the good ones") {
    fs::path dir = fs::temp_directory_path() / fs::unique_path("sis-scan-%%%%-%%%%");
    fs::create_directories(dir);
    const RemovedAtEnd cleanup{dir};
    fs::copy_file(kGood, dir / "a.yaml");
    std::ofstream((dir / "b.yaml").string()) << "id: [";
    std::ofstream((dir / "notes.txt").string()) << "ignored";
    auto scan = sis_host::scan_manifests(dir);
    REQUIRE(scan.manifests.size() == 1);
    REQUIRE(scan.errors.size() == 1);
    CHECK_THAT(scan.errors[0], Catch::Contains("b.yaml"));
    CHECK_THROWS_AS(sis_host::scan_manifests(dir / "nope"), sis_host::ManifestError);
}

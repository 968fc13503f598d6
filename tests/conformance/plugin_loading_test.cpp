// The host helper against plugins that are wrong in every way a file can be:
// each gets its own clear error and the host never crashes.
#include "sis_host/checked_plugin.hpp"

#include <catch2/catch.hpp>

#include <boost/filesystem.hpp>

#include <fstream>
#include <random>
#include <vector>

namespace fs = boost::filesystem;
using sis_host::LoadError;
using sis_host::Plugin;

namespace {

std::string load_error(const fs::path &path) {
    try {
        Plugin::load(path);
    } catch (const LoadError &e) {
        return e.what();
    }
    return "(loaded)";
}

// The folders temp_file made, removed when the test process ends (each
// test case runs as its own process under CTest, so none is left behind).
struct MadeFolders {
    std::vector<fs::path> folders;
    ~MadeFolders() {
        for (const auto &f : folders) {
            boost::system::error_code ignored;
            fs::remove_all(f, ignored);
        }
    }
};

fs::path temp_file(const std::string &name, const std::string &bytes) {
    static MadeFolders made;
    fs::path p = fs::temp_directory_path() / fs::unique_path("sis-%%%%-%%%%");
    fs::create_directories(p);
    made.folders.push_back(p);
    p /= name;
    std::ofstream(p.string(), std::ios::binary) << bytes;
    return p;
}

const fs::path test_plugins(TEST_PLUGIN_DIR);

} // namespace

TEST_CASE("a missing plugin file is named as missing") {
    const auto msg = load_error("/nonexistent/libnothing.so");
    CHECK_THAT(msg, Catch::Contains("/nonexistent/libnothing.so") && Catch::Contains("missing"));
}

TEST_CASE("a file that is not a shared library is refused") {
    std::mt19937 rng(7);
    std::string noise(4096, '\0');
    for (auto &c : noise) c = static_cast<char>(rng());
    CHECK_THAT(load_error(temp_file("random.so", noise)), Catch::Contains("not a shared library"));
    CHECK_THAT(load_error(temp_file("text.so", "hello")), Catch::Contains("not a shared library"));
}

TEST_CASE("a truncated ELF file is refused with the loader's reason") {
    std::ifstream in(std::string(SIS_PLUGIN_DIR) + "/libveracross_plugin.so", std::ios::binary);
    std::string head(512, '\0');
    in.read(&head[0], 512);
    const auto msg = load_error(temp_file("truncated.so", head));
    CHECK_THAT(msg, Catch::Contains("truncated.so") && Catch::Contains("not a loadable shared library"));
}

TEST_CASE("a folder is not a plugin") {
    CHECK_THAT(load_error(fs::temp_directory_path()), Catch::Contains("not a regular file"));
}

TEST_CASE("a library without the entry symbol is refused") {
    CHECK_THAT(load_error(test_plugins / "wrong_no_entry.so"),
               Catch::Contains("sis_plugin_entry") && Catch::Contains("missing"));
}

TEST_CASE("an ABI major mismatch names both versions") {
    const auto msg = load_error(test_plugins / "wrong_old_abi.so");
    CHECK_THAT(msg, Catch::Contains("ABI major mismatch") && Catch::Contains("plugin has ABI 0.7") &&
                        Catch::Contains("host needs ABI 1"));
}

TEST_CASE("a table shorter than this ABI needs is refused") {
    CHECK_THAT(load_error(test_plugins / "wrong_short_table.so"),
               Catch::Contains("function table too small"));
}

TEST_CASE("a plugin that throws across the ABI does not take the host down") {
    auto plugin = Plugin::load(test_plugins / "wrong_throws.so");
    auto d = plugin->describe();
    CHECK(d.status == SIS_INTERNAL);
    CHECK_THAT(d.json, Catch::Contains("exception cross the C ABI"));

    sis_host::CallResult err;
    auto inst = sis_host::Instance::create(plugin, "{}", nullptr, err);
    REQUIRE(inst);
    auto r = inst->connect();
    CHECK(r.status == SIS_INTERNAL);
    CHECK_THAT(r.json, Catch::Contains("plugin_threw"));
}

TEST_CASE("an instance keeps its library loaded after the Plugin handle is gone") {
    sis_host::CallResult err;
    std::unique_ptr<sis_host::Instance> inst;
    {
        auto plugin = Plugin::load(test_plugins / "wrong_good.so");
        inst = sis_host::Instance::create(plugin, "{}", nullptr, err);
    }
    REQUIRE(inst);
    CHECK(inst->connect().status == SIS_UNSUPPORTED); // would crash if unloaded
}

TEST_CASE("a manifest whose library describes itself differently is refused") {
    auto dir = temp_file("wrong_good.so", "").parent_path();
    fs::copy_file(test_plugins / "wrong_good.so", dir / "wrong_good.so",
                  fs::copy_option::overwrite_if_exists);
    std::ofstream(dir.string() + "/wrong.yaml") << R"(id: wrong
display_name: Wrong
version: 0.0.2
abi_version: "1.0"
library: wrong_good.so
integration_types:
  imports: {description: x, scopes: [a:list]}
scopes: {a:list: something}
config_fields: []
)";
    auto m = sis_host::load_manifest(dir / "wrong.yaml");
    try {
        sis_host::load_checked(m);
        FAIL("loaded");
    } catch (const LoadError &e) {
        CHECK_THAT(e.what(), Catch::Contains("version '0.0.1'") && Catch::Contains("'0.0.2'"));
    }
}

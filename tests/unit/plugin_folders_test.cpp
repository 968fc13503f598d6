// Where sis-host finds plugins: the build's plugins folder or the installed
// PREFIX/lib/pickatime/sis-plugins, whose <id>/<version>/ folders are read
// with the newest version of an id first.
#include "base/plugin_folders.hpp"

#include <catch2/catch.hpp>

#include <boost/filesystem.hpp>

#include <fstream>
#include <regex>

namespace fs = boost::filesystem;

namespace {

// The real manifest with its version replaced, in dir.
void write_manifest(const fs::path &dir, const std::string &version) {
    fs::create_directories(dir);
    std::ifstream in(SIS_SOURCE_DIR "/manifests/veracross.yaml");
    const std::string text(std::istreambuf_iterator<char>(in), {});
    std::ofstream((dir / "veracross.yaml").string())
        << std::regex_replace(text, std::regex("\nversion: [^\n]*"), "\nversion: " + version);
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / fs::unique_path("sis-folders-%%%%-%%%%");
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("versions compare number by number") {
    CHECK(sis_cli::version_newer("0.10.0", "0.9.1"));
    CHECK_FALSE(sis_cli::version_newer("0.9.1", "0.10.0"));
    CHECK(sis_cli::version_newer("1.0.1", "1.0"));
    CHECK_FALSE(sis_cli::version_newer("1.0", "1.0.0"));
    CHECK_FALSE(sis_cli::version_newer("1.2.0", "1.2.0"));
}

TEST_CASE("the installed layout is read two levels down, newest version first") {
    TempDir root;
    write_manifest(root.path / "veracross" / "0.9.1", "0.9.1");
    write_manifest(root.path / "veracross" / "0.10.0", "0.10.0");
    std::ofstream((root.path / "veracross" / "0.9.1" / "broken.yaml").string()) << "id: [";
    const auto scan = sis_cli::scan_plugin_folders(root.path);
    REQUIRE(scan.manifests.size() == 2);
    CHECK(scan.manifests[0].version == "0.10.0"); // what `describe veracross` and `connect` use
    CHECK(scan.manifests[1].version == "0.9.1");
    REQUIRE(scan.errors.size() == 1);
    CHECK_THAT(scan.errors[0], Catch::Contains("broken.yaml"));
    CHECK_THROWS_AS(sis_cli::scan_plugin_folders(root.path / "nope"), sis_host::ManifestError);
}

TEST_CASE("one version declared in two folders is an error naming both") {
    TempDir root;
    write_manifest(root.path, "0.2.0");
    write_manifest(root.path / "veracross" / "0.2.0", "0.2.0");
    const auto scan = sis_cli::scan_plugin_folders(root.path);
    CHECK(scan.manifests.size() == 1);
    REQUIRE(scan.errors.size() == 1);
    CHECK_THAT(scan.errors[0], Catch::Contains("also declared by"));
}

TEST_CASE("sis-host's default plugin folder: the build's, else the installed one") {
    TempDir prefix;
    fs::create_directories(prefix.path / "bin");
    const auto program = prefix.path / "bin" / "sis-host";
    CHECK(sis_cli::default_plugin_dir(program, "lib/pickatime/sis-plugins") ==
          prefix.path / "lib/pickatime/sis-plugins");
    fs::create_directories(prefix.path / "plugins");
    CHECK(sis_cli::default_plugin_dir(program, "lib/pickatime/sis-plugins") == prefix.path / "plugins");
}

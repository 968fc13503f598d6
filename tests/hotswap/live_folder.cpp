#include "live_folder.hpp"

#include <fstream>
#include <regex>
#include <sstream>

namespace hotswap_test {

namespace fs = boost::filesystem;

fs::path veracross_build(const std::string &version) {
    return fs::path(HOTSWAP_BUILD_DIR) / ("veracross-" + version);
}

std::string read_file(const fs::path &file) {
    std::ifstream in(file.string(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string veracross_manifest(const std::string &version) {
    return std::regex_replace(read_file(veracross_build("9.0.1") / "veracross.yaml"),
                              std::regex("\nversion: [^\n]*"), "\nversion: " + version);
}

LiveFolder::LiveFolder()
    : base_(fs::temp_directory_path() / fs::unique_path("hotswap-test-%%%%-%%%%-%%%%")),
      plugins_(base_ / "plugins"), copies_(base_ / "copies") {
    fs::create_directories(plugins_);
}

LiveFolder::~LiveFolder() {
    boost::system::error_code ignored;
    fs::remove_all(base_, ignored);
}

void LiveFolder::drop_veracross(const std::string &version) {
    install(veracross_build(version) / "libveracross_plugin.so", "libveracross_plugin.so");
    install(veracross_build(version) / "veracross.yaml", "veracross.yaml");
}

void LiveFolder::drop_stub() {
    const fs::path build = fs::path(HOTSWAP_BUILD_DIR) / "stub";
    install(build / "libstub_plugin.so", "libstub_plugin.so");
    install(build / "stub_plugin.yaml", "stub_plugin.yaml");
}

void LiveFolder::drop_broken_veracross(const std::string &library_bytes, const std::string &version) {
    write("libveracross_plugin.so", library_bytes);
    write("veracross.yaml", veracross_manifest(version));
}

void LiveFolder::write(const std::string &name, const std::string &content) const {
    const fs::path part = plugins_ / ("." + name + ".part");
    std::ofstream(part.string(), std::ios::binary | std::ios::trunc) << content;
    fs::rename(part, plugins_ / name);
}

void LiveFolder::install(const fs::path &from, const std::string &name) const {
    const fs::path part = plugins_ / ("." + name + ".part");
    fs::copy_file(from, part, fs::copy_option::overwrite_if_exists);
    fs::rename(part, plugins_ / name);
}

} // namespace hotswap_test

// Issue 19.6: a plugin file that is missing or not a plugin, loaded through
// a runner, gives the same clear error as in process; a runner that cannot
// be started says what to install.
#include "runner_fixture.hpp"

#include <catch2/catch.hpp>

#include <boost/filesystem.hpp>

#include <cstdlib>
#include <fstream>

using sis_host::Binding;

namespace {

std::string load_error(const std::string &file, Binding binding) {
    try {
        sis_host::Plugin::load(file, binding);
    } catch (const sis_host::LoadError &e) {
        return e.what();
    }
    return "(loaded)";
}

struct TempFile {
    explicit TempFile(const std::string &content)
        : path(boost::filesystem::temp_directory_path() / boost::filesystem::unique_path("garbage-%%%%%%.so")) {
        std::ofstream(path.string()) << content;
    }
    ~TempFile() { boost::filesystem::remove(path); }
    boost::filesystem::path path;
};

} // namespace

TEST_CASE("runner bad input: a missing plugin file gives the in-process error through a runner") {
    const std::string missing = "/nonexistent/libnothing.so";
    (void)isolate_test::veracross; // names the runner (runner_fixture.cpp)
    const std::string in = load_error(missing, Binding::host_first);
    CHECK_THAT(in, Catch::Contains("plugin library file is missing"));
    CHECK(load_error(missing, Binding::own_process) == in);
}

TEST_CASE("runner bad input: a garbage plugin file gives the in-process error through a runner") {
    TempFile garbage("this is not a shared library\n");
    const std::string in = load_error(garbage.path.string(), Binding::host_first);
    CHECK_THAT(in, Catch::Contains("no ELF header"));
    CHECK(load_error(garbage.path.string(), Binding::own_process) == in);
    // An ELF header and nothing more: refused by name, not a crash of the runner.
    TempFile cut(std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(57, '\0'));
    const std::string cut_in = load_error(cut.path.string(), Binding::host_first);
    CHECK(load_error(cut.path.string(), Binding::own_process) == cut_in);
}

TEST_CASE("runner bad input: a runner that cannot be started says what to install") {
    const std::string saved = std::getenv("SIS_PLUGIN_RUNNER") ? std::getenv("SIS_PLUGIN_RUNNER") : "";
    ::setenv("SIS_PLUGIN_RUNNER", "/nonexistent/sis-plugin-runner", 1);
    const std::string error = load_error(ISO_PLUGIN_A, Binding::own_process);
    ::setenv("SIS_PLUGIN_RUNNER", saved.c_str(), 1);
    CHECK_THAT(error, Catch::Contains("cannot start the plugin runner /nonexistent/sis-plugin-runner"));
    CHECK_THAT(error, Catch::Contains("SIS_PLUGIN_RUNNER"));
}

// Issue 19.6: sis-host --isolate process runs the plugin in a runner and
// answers as sis-host does without it: connect, and an import whose roster
// file is the in-process one; describe; --isolate takes none or process.
// The secret stays out of every output.
#include "runner_fixture.hpp"
#include "sim_fixture.hpp"

#include "support/run_process.hpp"

#include <catch2/catch.hpp>

#include <Poco/TemporaryFile.h>

#include <fstream>
#include <regex>
#include <sstream>

using connect_test::kSecret;

namespace {

struct ConfigFile {
    explicit ConfigFile(const connect_test::SimFixture &f) {
        std::ofstream(file.path()) << "school_domain: demo\n"
                                   << "client_id: \"" << f.client_id << "\"\n"
                                   << "integration_type: imports\n"
                                   << "accounts_base_url: " << f.sim->https_base_url() << "\n"
                                   << "api_base_url: " << f.sim->https_base_url() << "\n"
                                   << "tls_ca_file: " << vcsim::test_ca_file() << "\n"
                                   << "timeout_seconds: 5\n";
    }
    Poco::TemporaryFile file;
};

test_support::ProcessResult run_sis_host(const std::vector<std::string> &args) {
    auto r = test_support::run_process(SIS_HOST_EXE, args, {{"SIS_CLIENT_SECRET", kSecret}});
    CHECK(r.out.find(kSecret) == std::string::npos);
    CHECK(r.err.find(kSecret) == std::string::npos);
    return r;
}

// connect --json without the times that follow the clock (the rate window's reset,
// the token's expiry): two runs a second apart differ there (the flake this
// test had under load).
const std::regex reset_time(R"re("(resets_at|token_expires_at)":\s*"[^"]*")re");
std::string without_reset_time(const std::string &json) { return std::regex_replace(json, reset_time, R"("$1": "")"); }

std::string read(const std::string &file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("sis-host isolate: connect through a runner gives the in-process answer") {
    connect_test::SimFixture sim;
    ConfigFile config(sim);
    const auto in = run_sis_host({"connect", "--config", config.file.path(), "--json"});
    const auto out = run_sis_host({"connect", "--config", config.file.path(), "--json", "--isolate", "process"});
    INFO(out.err);
    CHECK(out.exit_code == 0);
    CHECK(std::regex_search(in.out, reset_time)); // what is left out is there
    CHECK(without_reset_time(out.out) == without_reset_time(in.out));
}

TEST_CASE("sis-host isolate: an import through a runner writes the in-process roster") {
    connect_test::SimFixture sim;
    ConfigFile config(sim);
    Poco::TemporaryFile in_file, out_file;
    const std::string event = SIS_SOURCE_DIR "/examples/demo-event.yaml";
    const auto in = run_sis_host({"import", "--config", config.file.path(), "--event", event, "--out", in_file.path()});
    const auto out = run_sis_host({"import", "--config", config.file.path(), "--event", event, "--out", out_file.path(),
                               "--isolate", "process", "--verbose"});
    INFO(in.err << out.err);
    REQUIRE(in.exit_code == 0);
    CHECK(out.exit_code == 0);
    CHECK(isolate_test::roster_of(read(out_file.path())) == isolate_test::roster_of(read(in_file.path())));
}

TEST_CASE("sis-host isolate: describe through a runner is sis-host's own and another --isolate value is refused") {
    const std::map<std::string, std::string> env{{"SIS_PLUGIN_DIR", SIS_PLUGIN_DIR}};
    const auto in = test_support::run_process(SIS_HOST_EXE, {"describe", "veracross", "--json"}, env);
    const auto out =
        test_support::run_process(SIS_HOST_EXE, {"describe", "veracross", "--json", "--isolate", "process"}, env);
    INFO(out.err);
    CHECK(out.exit_code == 0);
    CHECK(out.out == in.out);
    const auto missing = test_support::run_process(
        SIS_HOST_EXE, {"describe", "veracross", "--isolate", "process", "--dir", "/nonexistent"}, env);
    CHECK(missing.exit_code != 0);
    const auto bad = test_support::run_process(SIS_HOST_EXE, {"describe", "veracross", "--isolate", "thread"}, env);
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("--isolate must be none or process"));
}

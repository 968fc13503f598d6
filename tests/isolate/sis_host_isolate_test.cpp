// Issue 19.6: sis-host --isolate process runs the plugin in a runner and
// answers as sis-host does without it: connect, and an import whose roster
// file is the in-process one; describe; --isolate takes none or process.
// The secret stays out of every output.
#include "runner_fixture.hpp"
#include "sim_fixture.hpp"

#include "support/run_process.hpp"

#include <catch2/catch.hpp>

#include <Poco/File.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>
#include <thread>

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

// A process's state letter and parent from /proc/PID/stat ('\0' when it is gone).
struct ProcState {
    char state = '\0';
    long parent = 0;
};
ProcState proc_state(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return {};
    std::istringstream rest(line.substr(line.rfind(')') + 1)); // the name may hold spaces
    ProcState s;
    rest >> s.state >> s.parent;
    return s;
}

std::vector<long> children_of(long parent) {
    std::vector<long> found;
    for (const auto &entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        if (proc_state(std::stol(name)).parent == parent) found.push_back(std::stol(name));
    }
    return found;
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

// docs/abi.md: a runner whose host dies sees the end of its socket, cancels
// the call and exits; it is not left importing for nobody.
TEST_CASE("sis-host isolate: a host killed mid-import leaves no runner behind") {
    // 4 s a request. One round trip is expected: the cancel cuts the requests
    // in flight, then the destroy revokes the token. A runner that only
    // stopped at its next is_cancelled question waits for the requests in
    // flight first (two rounds, 8 s); one that finished the import, five
    // rounds or more.
    vcsim::Options slow;
    slow.latency = std::chrono::seconds(4);
    connect_test::SimFixture sim(slow);
    ConfigFile config(sim);
    Poco::TemporaryFile out_file;
    Poco::Pipe err_pipe;
    auto host = Poco::Process::launch(SIS_HOST_EXE,
                                      {"import", "--config", config.file.path(), "--event",
                                       SIS_SOURCE_DIR "/examples/demo-event.yaml", "--out", out_file.path(),
                                       "--isolate", "process"},
                                      ".", nullptr, nullptr, &err_pipe, {{"SIS_CLIENT_SECRET", kSecret}});
    std::atomic<bool> fetching{false};
    auto err_text = std::async(std::launch::async, [&] {
        Poco::PipeInputStream in(err_pipe);
        std::string all, line;
        while (std::getline(in, line)) {
            if (line.rfind("progress: fetch", 0) == 0) fetching = true;
            all += line + "\n";
        }
        return all;
    });
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fetching && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto runners = children_of(host.id());
    REQUIRE(::kill(host.id(), SIGKILL) == 0);
    (void)host.wait();
    // Gone, or a zombie waiting for whoever inherited it to reap it: either way it has exited.
    const auto ended = [](long pid) {
        const char state = proc_state(pid).state;
        return state == '\0' || state == 'Z' || state == 'X';
    };
    bool runner_ended = false;
    const auto killed = std::chrono::steady_clock::now();
    if (runners.size() == 1) {
        while (!ended(runners[0]) && std::chrono::steady_clock::now() < killed + std::chrono::milliseconds(6500))
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        runner_ended = ended(runners[0]);
    }
    INFO("the runner ended " << std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count()
                             << " s after its host");
    for (const long pid : runners) ::kill(static_cast<pid_t>(pid), SIGKILL); // (it holds the stderr pipe too)
    INFO(err_text.get());
    REQUIRE(fetching);
    REQUIRE(runners.size() == 1);
    CHECK(runner_ended);
    CHECK(Poco::File(out_file.path()).exists() == false);
}

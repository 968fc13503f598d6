// veracross-sim as a process: prints its ports, serves, stops on SIGTERM.
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <Poco/TemporaryFile.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace simtest;

namespace {

// The simulator process with its stdout on a pipe; killed if a check fails.
class SimProcess {
  public:
    explicit SimProcess(const std::string &config) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        std::string exe = VERACROSS_SIM_EXE;
        std::string flag = "--config";
        std::string file = config;
        char *argv[] = {exe.data(), flag.data(), file.data(), nullptr};
        const int rc = posix_spawn(&pid_, exe.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        REQUIRE(rc == 0);
        out_ = fdopen(fds[0], "r");
    }
    ~SimProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (out_) fclose(out_);
    }
    std::string first_line() {
        char line[256] = {};
        return fgets(line, sizeof line, out_) ? std::string(line) : std::string();
    }
    int terminate() { // exit status after SIGTERM
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

  private:
    pid_t pid_ = 0;
    FILE *out_ = nullptr;
};

} // namespace

TEST_CASE("veracross-sim: prints its ports, serves both, and stops cleanly on SIGTERM", "[executable]") {
    Poco::TemporaryFile config_file; // in TMPDIR, removed however the test ends
    const std::string config = config_file.path();
    std::ofstream(config) << "schools:\n  - {route: demo, seed: 1, students: 50}\n";
    SimProcess process(config);
    const std::string line = process.first_line();
    int http_port = 0, https_port = 0;
    REQUIRE(std::sscanf(line.c_str(), "http_port=%d https_port=%d", &http_port, &https_port) == 2);
    CHECK(http_port > 0);
    CHECK(https_port > 0);
    CHECK(get("http://127.0.0.1:" + std::to_string(http_port), "/demo/.well-known/openid-configuration").status == 200);
    CHECK(get("https://127.0.0.1:" + std::to_string(https_port), "/demo/.well-known/openid-configuration").status ==
          200);
    const auto start = std::chrono::steady_clock::now();
    CHECK(process.terminate() == 0);
    // Stopping takes well under a second; what this guards against, a server
    // that ignores SIGTERM, never ends: a bound no load on the machine reaches.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
}

TEST_CASE("veracross-sim: a bad config is exit status 1", "[executable]") {
    SimProcess process("/nonexistent/sim.yaml");
    CHECK(process.first_line().empty());
    CHECK(process.terminate() == 1);
}

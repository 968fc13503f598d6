#include "child_process.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>

extern char **environ;

namespace bench {
namespace {

std::vector<std::string> environment_with(const std::vector<std::pair<std::string, std::string>> &extra) {
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e) {
        const std::string entry = *e;
        bool replaced = false;
        for (const auto &x : extra) replaced = replaced || entry.rfind(x.first + "=", 0) == 0;
        if (!replaced) env.push_back(entry);
    }
    for (const auto &x : extra) env.push_back(x.first + "=" + x.second);
    return env;
}

std::vector<char *> pointers_to(std::vector<std::string> &strings) {
    std::vector<char *> out;
    for (auto &s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

} // namespace

ChildCost run_child(const std::vector<std::string> &argv_in,
                    const std::vector<std::pair<std::string, std::string>> &extra_env,
                    const std::string &stdout_file, const std::string &stderr_file) {
    std::vector<std::string> args = argv_in;
    std::vector<std::string> env = environment_with(extra_env);
    auto envp = pointers_to(env);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);

    // Through measured_run, which reports the child's own peak memory
    // (measured_run.cpp says why this process cannot).
    const std::string cost_file = stdout_file + ".cost";
    std::vector<std::string> measured = {MEASURED_RUN_EXE, cost_file};
    measured.insert(measured.end(), args.begin(), args.end());
    auto measured_argv = pointers_to(measured);

    const auto started = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int failed = posix_spawn(&pid, measured_argv[0], &actions, nullptr, measured_argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (failed) throw std::runtime_error("cannot start " + measured[0] + ": " + std::strerror(failed));

    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw std::runtime_error("waitpid failed: " + std::string(std::strerror(errno)));
    ChildCost cost;
    cost.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::ifstream report(cost_file);
    long max_rss_kib = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        !(report >> cost.exit_status >> cost.cpu_seconds >> max_rss_kib))
        throw std::runtime_error("could not run " + args[0] + " (measured_run failed: see " + stderr_file + ")");
    cost.max_rss_mib = static_cast<double>(max_rss_kib) / 1024.0;
    return cost;
}

} // namespace bench

#include "child_process.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/resource.h>
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
    auto argv = pointers_to(args);
    auto envp = pointers_to(env);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);

    const auto started = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (failed) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(failed));

    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0)
        if (errno != EINTR) throw std::runtime_error("wait4 failed: " + std::string(std::strerror(errno)));

    ChildCost cost;
    cost.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    cost.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    auto seconds = [](const timeval &t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    cost.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    cost.max_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0; // Linux reports KiB
    return cost;
}

} // namespace bench

// measured_run RESULT_FILE PROGRAM [ARGS...]: runs PROGRAM (a path) with this
// environment and these standard streams, and writes to RESULT_FILE its
// exit status, CPU seconds and peak resident set in KiB, as wait4 reports them.
//
// Why a process of its own: at exec, Linux records the replaced memory's
// high-water mark in the new program's ru_maxrss. A child spawned straight
// from import_bench, which holds the simulator and a 20,000-student school
// (over 1 GiB), would report that as its own peak. Spawned from this small
// process instead, the child's ru_maxrss is its own.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: measured_run RESULT_FILE PROGRAM [ARGS...]\n");
        return 2;
    }
    pid_t pid = 0;
    const int failed = posix_spawn(&pid, argv[2], nullptr, nullptr, argv + 2, environ);
    if (failed) {
        std::fprintf(stderr, "measured_run: cannot start %s: %s\n", argv[2], std::strerror(failed));
        return 127;
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0)
        if (errno != EINTR) {
            std::perror("measured_run: wait4");
            return 127;
        }
    std::FILE *result = std::fopen(argv[1], "w");
    if (!result) {
        std::perror("measured_run: result file");
        return 127;
    }
    auto seconds = [](const timeval &t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    std::fprintf(result, "%d %.6f %ld\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                 seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss);
    return std::fclose(result) == 0 ? 0 : 127;
}

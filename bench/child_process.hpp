// Runs one child process to the end and reports what it cost: wall time,
// and from wait4 (the kernel's own accounting of that child, taken by
// measured_run) its CPU time and peak resident set.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bench {

struct ChildCost {
    int exit_status = -1; // the child's exit code; -1 when it died of a signal
    double wall_seconds = 0;
    double cpu_seconds = 0; // user + system
    double max_rss_mib = 0;
};

// Runs argv[0] (a path) with the current environment plus `extra_env`
// (which wins over inherited variables of the same name), stdout and stderr
// into the given files. Throws std::runtime_error when it cannot start.
ChildCost run_child(const std::vector<std::string> &argv,
                    const std::vector<std::pair<std::string, std::string>> &extra_env,
                    const std::string &stdout_file, const std::string &stderr_file);

} // namespace bench

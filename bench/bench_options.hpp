// The import bench's command line.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

struct BenchOptions {
    std::vector<int> sizes{500, 2000, 20000}; // students per school
    int runs = 3;                             // per size; the table shows medians
    // The naive strategy takes 20+ minutes at 20,000 students (8 rate
    // windows), so it is opt-in there: --naive-sizes 500,2000,20000.
    std::vector<int> naive_sizes{500, 2000};
    int naive_runs = 1;
    int latency_ms = 40;
    int rate_limit = 300;
    double window_seconds = 180;
    std::string work_dir; // empty: a fresh folder under /tmp, removed at the end
};

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

extern const char *const kBenchUsage;

// Throws UsageError with the reason.
BenchOptions parse_bench_options(int argc, char **argv);

} // namespace bench

#include "bench_options.hpp"

#include <sstream>

namespace bench {

const char *const kBenchUsage = R"(usage: import_bench [options]
  --sizes LIST          students per school, comma-separated (default 500,2000,20000)
  --runs N              runs per size; the table shows medians (default 3)
  --naive-sizes LIST    sizes for the naive table (default 500,2000; "" for none)
  --naive-runs N        runs per naive size (default 1)
  --latency-ms N        simulator latency per request (default 40)
  --rate-limit N        requests per window and token (default 300)
  --window-seconds S    the rate window (default 180)
  --work-dir DIR        keep configs, logs and rosters there (default: a temporary folder)
)";

namespace {

int number(const std::string &flag, const std::string &text) {
    try {
        std::size_t used = 0;
        const int n = std::stoi(text, &used);
        if (used == text.size() && n >= 0) return n;
    } catch (const std::exception &) {
    }
    throw UsageError(flag + " needs a whole number, not '" + text + "'");
}

std::vector<int> numbers(const std::string &flag, const std::string &text) {
    std::vector<int> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(number(flag, item));
    return out;
}

} // namespace

BenchOptions parse_bench_options(int argc, char **argv) {
    BenchOptions o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help") throw UsageError("");
        if (i + 1 >= argc) throw UsageError(flag + " needs a value (or is unknown)");
        const std::string value = argv[++i];
        if (flag == "--sizes") o.sizes = numbers(flag, value);
        else if (flag == "--runs") o.runs = number(flag, value);
        else if (flag == "--naive-sizes") o.naive_sizes = numbers(flag, value);
        else if (flag == "--naive-runs") o.naive_runs = number(flag, value);
        else if (flag == "--latency-ms") o.latency_ms = number(flag, value);
        else if (flag == "--rate-limit") o.rate_limit = number(flag, value);
        else if (flag == "--window-seconds") o.window_seconds = std::stod(value);
        else if (flag == "--work-dir") o.work_dir = value;
        else throw UsageError("unknown option " + flag);
    }
    if (o.runs < 1 || o.rate_limit < 1 || o.window_seconds <= 0) throw UsageError("runs, rate limit and window must be positive");
    return o;
}

} // namespace bench

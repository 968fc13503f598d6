// swap_bench: how long a hot swap takes, and what it does to calls in flight.
//
// Loads the Veracross plugin (test build 9.0.1) into a sis_host::Registry,
// starts threads that call connect without pause against the in-process
// Veracross simulator (a fresh instance of the current version per call),
// and swaps 9.0.1 <-> 9.0.2 back and forth, each build dropped into the folder
// the way a developer does. Before each swap it waits for one connect on the
// current version, so swaps land among calls in flight.
//
//   swap_bench [--swaps N] [--threads N] [--stripped]
//
// --threads 0 swaps with no calls running (the cost of a swap alone);
// --stripped swaps the same builds without their debug information (1.4 MB
// instead of 34 MB: what a release build ships; a swap copies the file).
//
// Prints the swaps, the swap latency (Registry::reload: copy, load, checks,
// switch) median and max, the calls made and failed, and the calls drained on
// the old version per swap. Exit 0 when no call failed and every old version
// was unloaded, 1 otherwise, 2 on wrong arguments.
#include "connect/sim_fixture.hpp"
#include "live_folder.hpp"

#include "sis_host/registry.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

template <class T> T median(std::vector<T> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::string json_string(const std::string &json, const std::string &name) {
    try {
        return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>(name, "");
    } catch (const std::exception &) {
        return "";
    }
}

bool json_ok(const std::string &json) {
    try {
        return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>()->optValue<bool>("ok", false);
    } catch (const std::exception &) {
        return false;
    }
}

struct Calls {
    std::atomic<long> made{0}, failed{0};
    std::atomic<long> ok_on[2] = {{0}, {0}}; // 9.0.1, 9.0.2
    std::mutex mutex;
    std::string first_failure;

    void fail(const std::string &what) {
        ++failed;
        std::lock_guard<std::mutex> lock(mutex);
        if (first_failure.empty()) first_failure = what;
    }
};

// One connect on a fresh instance of the current version, answered by that version alone.
void connect_once(const sis_host::Registry &registry, const std::string &config, Calls &calls) {
    ++calls.made;
    auto version = registry.get("veracross");
    const std::string expected = version->version();
    sis_host::CallResult result;
    auto instance = version->create(config, nullptr, result);
    if (!instance) return calls.fail("create on " + expected + ": " + result.json);
    version.reset(); // only the instance keeps its version loaded now
    result = instance->connect();
    if (!result.ok() || !json_ok(result.json)) return calls.fail("connect on " + expected + ": " + result.json);
    const std::string answered = json_string(instance->plugin().describe().json, "version");
    if (answered != expected) return calls.fail("an instance of " + expected + " describes itself as " + answered);
    ++calls.ok_on[expected == "9.0.1" ? 0 : 1];
}

int number_option(int argc, char **argv, int &i, int least) {
    if (i + 1 >= argc) throw std::invalid_argument(std::string(argv[i]) + " needs a number");
    const int n = std::atoi(argv[++i]);
    if (n < least) throw std::invalid_argument(std::string(argv[i - 1]) + " must be at least " + std::to_string(least));
    return n;
}

} // namespace

int main(int argc, char **argv) {
    int swaps = 40, threads = 3;
    bool stripped = false;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            if (arg == "--swaps")
                swaps = number_option(argc, argv, i, 1);
            else if (arg == "--threads")
                threads = number_option(argc, argv, i, 0);
            else if (arg == "--stripped")
                stripped = true;
            else
                throw std::invalid_argument("unknown argument '" + arg + "'");
        }
    } catch (const std::invalid_argument &e) {
        std::cerr << "swap_bench: " << e.what() << "\nusage: swap_bench [--swaps N] [--threads N] [--stripped]\n";
        return 2;
    }

    vcsim::Options sim_options;
    sim_options.rate_limit.limit = 1000000; // the bench measures swaps, not the rate limit
    connect_test::SimFixture sim(sim_options);
    const std::string config = sim.config();
    hotswap_test::LiveFolder folder;
    // Each build dropped in the way a developer does (temporary name, rename).
    const auto drop = [&](const std::string &version) {
        if (!stripped) return folder.drop_veracross(version);
        const auto build = boost::filesystem::path(SWAP_BENCH_STRIPPED_DIR) / ("veracross-" + version);
        folder.write("libveracross_plugin.so", hotswap_test::read_file(build / "libveracross_plugin.so"));
        folder.write("veracross.yaml", hotswap_test::read_file(build / "veracross.yaml"));
    };
    drop("9.0.1");

    std::mutex unload_mutex;
    std::condition_variable unload_seen;
    std::vector<Clock::duration> drain_times; // swap to unload of the old version
    sis_host::RegistryOptions options;
    options.copy_root = folder.copy_root();
    options.on_unloaded = [&](const sis_host::Unloaded &u) {
        std::lock_guard<std::mutex> lock(unload_mutex);
        drain_times.push_back(u.after_swap);
        unload_seen.notify_all();
    };
    sis_host::Registry registry(folder.dir(), options);
    const auto problems = registry.load_all();
    if (!problems.empty() || !registry.get("veracross")) {
        std::cerr << "swap_bench: cannot load the plugin: " << (problems.empty() ? "" : problems.front()) << "\n";
        return 1;
    }

    Calls calls;
    std::atomic<bool> stop{false};
    std::vector<std::thread> callers;
    for (int i = 0; i < threads; ++i)
        callers.emplace_back([&] {
            while (!stop) connect_once(registry, config, calls);
        });

    const std::string versions[] = {"9.0.1", "9.0.2"};
    std::vector<Clock::duration> latencies;
    std::vector<long> drained;
    std::string error;
    const auto start = Clock::now();
    for (int swap = 0; swap < swaps && error.empty(); ++swap) {
        // One connect answered by the current version first.
        const int current = swap % 2;
        const long before = calls.ok_on[current];
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (threads > 0 && calls.ok_on[current] == before && calls.failed == 0 && Clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (threads > 0 && calls.ok_on[current] == before) {
            error = "no connect succeeded on " + versions[current];
            break;
        }
        drop(versions[1 - current]);
        try {
            const sis_host::SwapReport report = registry.reload("veracross");
            latencies.push_back(report.took);
            drained.push_back(report.users_of_old);
        } catch (const std::exception &e) {
            error = std::string("swap refused: ") + e.what();
        }
    }
    const auto elapsed = Clock::now() - start;
    stop = true;
    for (auto &t : callers) t.join();
    bool all_unloaded;
    std::vector<double> drain_ms;
    {
        std::unique_lock<std::mutex> lock(unload_mutex);
        all_unloaded = unload_seen.wait_for(lock, std::chrono::seconds(30),
                                            [&] { return drain_times.size() == latencies.size(); });
        for (auto d : drain_times) drain_ms.push_back(ms(d));
    }
    if (!error.empty()) std::cerr << "swap_bench: " << error << "\n";
    if (!calls.first_failure.empty()) std::cerr << "swap_bench: first failed call: " << calls.first_failure << "\n";
    if (latencies.empty()) return 1;

    long drained_total = 0;
    std::vector<double> drained_d;
    for (long n : drained) {
        drained_total += n;
        drained_d.push_back(static_cast<double>(n));
    }
    const double median_ms = ms(median(latencies));
    std::printf("swap_bench: veracross 9.0.1 <-> 9.0.2 (%s, %.1f MB), %d connect threads against the simulator, "
                "%.1f s\n",
                stripped ? "stripped builds" : "builds with debug information",
                boost::filesystem::file_size(folder.veracross_library()) / 1e6, threads,
                std::chrono::duration<double>(elapsed).count());
    std::printf("swaps: %zu\n", latencies.size());
    std::printf("swap latency: median %.1f ms, max %.1f ms\n", median_ms,
                ms(*std::max_element(latencies.begin(), latencies.end())));
    std::printf("calls made: %ld, failed calls: %ld\n", calls.made.load(), calls.failed.load());
    std::printf("calls drained per swap: median %.1f, max %ld, total %ld (", median(drained_d),
                *std::max_element(drained.begin(), drained.end()), drained_total);
    for (std::size_t i = 0; i < drained.size(); ++i) std::printf("%s%ld", i ? " " : "", drained[i]);
    std::printf(")\n");
    if (!drain_ms.empty())
        std::printf("old version unloaded after the swap: median %.1f ms, max %.1f ms\n", median(drain_ms),
                    *std::max_element(drain_ms.begin(), drain_ms.end()));
    if (!all_unloaded)
        std::printf("NOT UNLOADED: %zu of %zu old versions\n", latencies.size() - drain_ms.size(),
                    latencies.size());
    const bool ok = error.empty() && calls.failed == 0 && all_unloaded;
    std::printf("target (median under 50 ms, no failed call): %s\n",
                ok && median_ms < 50 ? "met" : "MISSED");
    return ok ? 0 : 1;
}

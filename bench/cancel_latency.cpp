// cancel_latency [RUNS]: how long an import takes to return after the ABI's
// cancel, with the Veracross plugin in this process and through
// sis-plugin-runner (Binding::own_process), and what a runner costs (create
// time, resident memory). The simulator runs in-process with 300 ms on
// every request; each run cancels 50 ms after the import's first progress
// call (its token is in, pages are in flight). Prints median and max.
#include "sim_fixture.hpp"

#include "sis_host/checked_plugin.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

struct Progress {
    std::atomic<int> calls{0};
    sis_host_services services{};
    Progress() {
        services.struct_size = sizeof services;
        services.user_data = this;
        services.progress = [](void *self, const char *, uint64_t, uint64_t) { ++static_cast<Progress *>(self)->calls; };
    }
};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void report(const std::string &what, std::vector<double> values, const std::string &unit) {
    std::sort(values.begin(), values.end());
    std::printf("%-44s runs %zu  median %8.1f %s  max %8.1f %s\n", what.c_str(), values.size(),
                values[values.size() / 2], unit.c_str(), values.back(), unit.c_str());
}

// VmRSS of a process, in MiB.
double rss_mib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    const int runs = argc > 1 ? std::atoi(argv[1]) : 7;
    if (runs < 1) {
        std::cerr << "usage: cancel_latency [RUNS]\n";
        return 2;
    }
    ::setenv("SIS_PLUGIN_RUNNER", RUNNER_EXE, 0);
    vcsim::Options slow;
    slow.latency = std::chrono::milliseconds(300);
    connect_test::SimFixture sim(slow);
    Poco::JSON::Object e;
    e.set("event_id", "fall-2025");
    e.set("name", "Fall Parent-Teacher Conferences");
    Poco::JSON::Array periods;
    periods.add("Semester 1");
    e.set("grading_periods", periods);
    std::ostringstream event;
    e.stringify(event);

    const auto manifest = sis_host::load_manifest(std::string(SIS_PLUGIN_DIR) + "/veracross.yaml");
    for (const auto binding : {sis_host::Binding::host_first, sis_host::Binding::own_process}) {
        const std::string name = binding == sis_host::Binding::own_process ? "through the runner" : "in process";
        const auto plugin = sis_host::load_checked(manifest, binding);
        std::vector<double> latency, create;
        std::vector<double> rss;
        for (int run = 0; run < runs; ++run) {
            Progress progress;
            sis_host::CallResult error;
            const auto start = Clock::now();
            auto instance = sis_host::Instance::create(plugin.plugin, sim.config(), &progress.services, error);
            create.push_back(ms(Clock::now() - start));
            if (!instance) {
                std::cerr << "create failed: " << error.json << "\n";
                return 1;
            }
            auto running = std::async(std::launch::async, [&] {
                const auto r = instance->import_event(event.str());
                return std::make_pair(r.status, Clock::now());
            });
            while (progress.calls < 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (instance->process_id() > 0) rss.push_back(rss_mib(instance->process_id()));
            const auto cancelled_at = Clock::now();
            instance->cancel();
            const auto done = running.get();
            if (done.first != SIS_CANCELLED) {
                std::cerr << name << ": run " << run << " was not cancelled (status " << sis_status_name(done.first)
                          << ")\n";
                return 1;
            }
            latency.push_back(ms(done.second - cancelled_at));
        }
        report("cancel to return, " + name, latency, "ms");
        report("create (process start and load included), " + name, create, "ms");
        if (!rss.empty()) report("runner resident memory mid-import", rss, "MiB");
    }
    return 0;
}

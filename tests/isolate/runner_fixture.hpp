// What the one-plugin-per-process tests share: the runner of this build,
// the Veracross plugin loaded either way, and host services that record
// what the plugin reports and can say stop.
#pragma once

#include "sim_fixture.hpp"

#include "sis_host/checked_plugin.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace isolate_test {

// The Veracross plugin through its manifest, in this process or in runners.
sis_host::CheckedPlugin veracross(sis_host::Binding binding);

// Host services that count progress calls, keep log lines, and answer
// is_cancelled with `stop`.
class Recorder {
public:
    Recorder();
    const sis_host_services *services() const { return &services_; }
    int progress() const { return progress_; }
    std::vector<std::string> logs() const;
    std::atomic<bool> stop{false};

private:
    static void on_log(void *self, sis_log_level level, const char *message);
    static void on_progress(void *self, const char *stage, uint64_t done, uint64_t total);
    static int on_cancelled(void *self);
    std::atomic<int> progress_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> logs_;
    sis_host_services services_{};
};

// An import through a runner against a simulator that answers after
// `latency`, running on another thread, and seen to report progress (so it
// is mid-fetch) when the constructor returns.
struct ImportUnderWay {
    explicit ImportUnderWay(std::chrono::milliseconds latency);
    pid_t runner() const { return instance->process_id(); }

    connect_test::SimFixture sim;
    sis_host::CheckedPlugin plugin;
    Recorder recorder;
    std::unique_ptr<sis_host::Instance> instance;
    std::future<sis_host::CallResult> result;
};

// An import result without what differs run to run (stats: timings; the
// cursor's since: the time of the import).
std::string roster_of(const std::string &import_json);

} // namespace isolate_test

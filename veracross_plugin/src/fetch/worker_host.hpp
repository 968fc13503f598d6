// Host services for worker threads. The ABI promises hosts that their
// callbacks run on the thread that made the call, so workers never call the
// host: they log into a queue and read a stop flag, and the host's thread
// relays the logs and sets the flag when the host cancels.
#pragma once

#include "common/host_services.hpp"

#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace veracross {

class WorkerHost {
public:
    WorkerHost();
    WorkerHost(const WorkerHost &) = delete;
    WorkerHost &operator=(const WorkerHost &) = delete;

    // What workers (and the Data API calls they make) use as their host.
    const HostServices &services() const { return services_; }

    void stop() { stop_.store(true); }
    bool stopped() const { return stop_.load(); }

    // On the host's thread: passes queued log lines to the real host.
    void relay_logs(const HostServices &host);

private:
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::vector<std::pair<LogLevel, std::string>> logs_;
    HostServices services_;
};

} // namespace veracross

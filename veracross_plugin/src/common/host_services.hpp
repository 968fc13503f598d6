// The host's services as the plugin's code sees them: a log, progress, and
// "has the host cancelled?". abi/ builds them from the C ABI's callbacks;
// worker threads and tests build their own. Each may be left out.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace veracross {

enum class LogLevel { debug, info, warn, error };

class HostServices {
public:
    using Log = std::function<void(LogLevel level, const std::string &message)>;
    using Progress = std::function<void(const std::string &stage, std::uint64_t done, std::uint64_t total)>;
    using Cancelled = std::function<bool()>;

    HostServices() = default; // no host: nothing is logged, nothing is ever cancelled
    HostServices(Log log, Progress progress, Cancelled cancelled)
        : log_(std::move(log)), progress_(std::move(progress)), cancelled_(std::move(cancelled)) {}

    void log(LogLevel level, const std::string &message) const {
        if (log_) log_(level, message);
    }
    void progress(const std::string &stage, std::uint64_t done, std::uint64_t total) const {
        if (progress_) progress_(stage, done, total);
    }
    bool cancelled() const { return cancelled_ && cancelled_(); }

private:
    Log log_;
    Progress progress_;
    Cancelled cancelled_;
};

} // namespace veracross

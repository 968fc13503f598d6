#include "fetch/worker_host.hpp"

namespace veracross {

WorkerHost::WorkerHost()
    : services_(
          [this](LogLevel level, const std::string &message) {
              std::lock_guard<std::mutex> lock(mutex_);
              logs_.emplace_back(level, message);
          },
          nullptr, [this] { return stopped(); }) {}

void WorkerHost::relay_logs(const HostServices &host) {
    std::vector<std::pair<LogLevel, std::string>> lines;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        lines.swap(logs_);
    }
    for (const auto &line : lines) host.log(line.first, line.second);
}

} // namespace veracross

#include "worker_host.hpp"

namespace veracross {
namespace {

sis_host_services worker_table(void *self, void (*log)(void *, sis_log_level, const char *),
                               int (*cancelled)(void *)) {
    sis_host_services t{};
    t.struct_size = sizeof t;
    t.user_data = self;
    t.log = log;
    t.is_cancelled = cancelled;
    return t;
}

} // namespace

WorkerHost::WorkerHost()
    : table_(worker_table(this, on_log, on_cancelled)), services_(&table_) {}

void WorkerHost::relay_logs(const HostServices &host) {
    std::vector<std::pair<sis_log_level, std::string>> lines;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        lines.swap(logs_);
    }
    for (const auto &line : lines) host.log(line.first, line.second);
}

void WorkerHost::on_log(void *self, sis_log_level level, const char *message) {
    auto *w = static_cast<WorkerHost *>(self);
    std::lock_guard<std::mutex> lock(w->mutex_);
    w->logs_.emplace_back(level, message);
}

int WorkerHost::on_cancelled(void *self) { return static_cast<WorkerHost *>(self)->stopped() ? 1 : 0; }

} // namespace veracross

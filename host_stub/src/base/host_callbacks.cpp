#include "base/host_callbacks.hpp"

#include <csignal>

namespace sis_cli {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void on_sigint(int) { g_cancel.store(true); }

} // namespace

HostCallbacks::HostCallbacks(std::ostream &err, bool verbose, bool show_progress, bool terminal)
    : err_(err), verbose_(verbose), show_progress_(show_progress), terminal_(terminal) {
    services_.struct_size = sizeof services_;
    services_.user_data = this;
    services_.log = on_log;
    services_.progress = on_progress;
    services_.is_cancelled = on_cancelled;
    services_.abi_major = SIS_ABI_MAJOR; // tells the plugin this host serves minors 0..SIS_ABI_MINOR
    services_.abi_minor = SIS_ABI_MINOR;
    g_cancel.store(false);
    std::signal(SIGINT, on_sigint);
}

HostCallbacks::~HostCallbacks() {
    std::signal(SIGINT, SIG_DFL);
    finish_progress();
}

void HostCallbacks::request_cancel() { g_cancel.store(true); }
bool HostCallbacks::cancel_requested() { return g_cancel.load(); }

void HostCallbacks::finish_progress() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (bar_open_) err_ << "\n";
    bar_open_ = false;
}

void HostCallbacks::on_log(void *self, sis_log_level level, const char *message) {
    auto *h = static_cast<HostCallbacks *>(self);
    if (level == SIS_LOG_DEBUG && !h->verbose_) return;
    static const char *const names[] = {"debug", "info", "warn", "error"};
    std::lock_guard<std::mutex> lock(h->mutex_);
    if (h->bar_open_) h->err_ << "\n";
    h->bar_open_ = false;
    h->err_ << "[" << names[level <= SIS_LOG_ERROR ? level : SIS_LOG_ERROR] << "] " << message << "\n";
}

void HostCallbacks::on_progress(void *self, const char *stage, uint64_t done, uint64_t total) {
    auto *h = static_cast<HostCallbacks *>(self);
    if (!h->show_progress_) return;
    std::lock_guard<std::mutex> lock(h->mutex_);
    const auto now = std::chrono::steady_clock::now();
    const bool finished = total && done >= total;
    const std::string what = stage ? stage : "";
    if (h->terminal_) {
        // Redraw at most 10 times a second, and always at the end of a stage.
        if (!finished && what == h->last_stage_ && now - h->last_draw_ < std::chrono::milliseconds(100)) return;
        std::string bar;
        if (total) {
            const std::size_t width = 30, filled = static_cast<std::size_t>(width * (done > total ? total : done) / total);
            bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "] ";
        }
        h->err_ << "\r\033[K" << bar << what << " " << done << (total ? "/" + std::to_string(total) : std::string())
                << std::flush;
        h->bar_open_ = true;
    } else if (what != h->last_stage_ || finished) {
        // Plain lines for logs and pipes: one when a stage starts and one when it ends.
        h->err_ << "progress: " << what << " " << done << (total ? "/" + std::to_string(total) : std::string()) << "\n";
    }
    h->last_stage_ = what;
    h->last_draw_ = now;
}

int HostCallbacks::on_cancelled(void *) { return g_cancel.load() ? 1 : 0; }

} // namespace sis_cli

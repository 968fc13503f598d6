// What sis-host lends a plugin instance: log lines on stderr, a progress
// display (a bar on a terminal, plain lines otherwise), and cancellation on
// Ctrl-C.
#pragma once

#include "sis_plugin.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

namespace sis_cli {

class HostCallbacks {
public:
    HostCallbacks(std::ostream &err, bool verbose, bool show_progress, bool terminal);
    ~HostCallbacks();

    const sis_host_services *services() const { return &services_; }
    // Ends a progress bar line so that what follows starts on its own line.
    void finish_progress();
    // Makes the next cancellation check say "stop" (SIGINT handler, tests).
    static void request_cancel();
    static bool cancel_requested();

private:
    static void on_log(void *self, sis_log_level level, const char *message);
    static void on_progress(void *self, const char *stage, uint64_t done, uint64_t total);
    static int on_cancelled(void *self);

    std::ostream &err_;
    bool verbose_, show_progress_, terminal_;
    bool bar_open_ = false;
    std::string last_stage_;
    std::chrono::steady_clock::time_point last_draw_{};
    std::mutex mutex_;
    sis_host_services services_{};
};

} // namespace sis_cli

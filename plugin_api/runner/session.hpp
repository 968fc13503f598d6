// One runner's exchange with its host: the plugin's one instance, its calls
// run one at a time on the main thread, and a reader thread that takes the
// host's messages, acting on a cancel at once (the call is still running).
#pragma once

#include "sis_host/plugin.hpp"
#include "sis_host/runner_protocol.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace sis_runner {

// Tells the host why the plugin cannot be loaded.
void report_load_failure(int fd, const std::string &message);

class Session {
public:
    Session(int fd, std::shared_ptr<const sis_host::Plugin> plugin);
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    // Reports the load, serves calls until destroy or the host's end of the
    // stream, then destroys the instance. Returns the exit status.
    int run();

private:
    void read_messages();          // the reader thread
    void cancel(std::uint64_t seq); // on the reader thread
    bool next(std::string &body);   // the main thread's next message; false at the end
    bool serve(sis_host::runner::Reader &message); // false after destroy
    void answer(std::uint64_t seq, const sis_host::CallResult &result);
    void send(sis_host::runner::Message &message);
    sis_host::CallResult call(std::uint64_t seq, sis_host::runner::Kind kind, sis_host::runner::Reader &message);

    static void on_log(void *self, sis_log_level level, const char *message);
    static void on_progress(void *self, const char *stage, std::uint64_t done, std::uint64_t total);
    static int on_cancelled(void *self);

    const int fd_;
    const std::shared_ptr<const sis_host::Plugin> plugin_;
    sis_host_services services_{};

    std::mutex instance_mutex_; // replacing the instance vs a cancel on the reader thread
    std::unique_ptr<sis_host::Instance> instance_;

    // The call running (0: none) and the last call the host's is_cancelled stopped.
    std::atomic<std::uint64_t> running_{0}, stopped_{0};
    std::atomic<bool> host_gone_{false};

    std::mutex queue_mutex_;
    std::condition_variable queue_changed_;
    std::deque<std::string> queue_;
    bool queue_ended_ = false;

    std::mutex write_mutex_; // whole frames, whichever thread the plugin logs from
};

} // namespace sis_runner

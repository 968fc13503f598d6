// The host's side of one sis-plugin-runner process (Binding::own_process):
// starts it on one plugin file, reads its load report, relays one
// instance's calls and the plugin's callbacks (log, progress, and the host's
// is_cancelled polled while a call runs), and says clearly when the process
// has died instead of hanging or taking the host down.
#pragma once

#include "sis_host/call_result.hpp"
#include "sis_host/runner_protocol.hpp"

#include <boost/filesystem.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

extern char **environ;

namespace sis_host {

// The runner a host starts: $SIS_PLUGIN_RUNNER, else sis-plugin-runner in the
// host executable's own folder (where the build and the package put it).
inline boost::filesystem::path default_runner_path() {
    if (const char *named = std::getenv("SIS_PLUGIN_RUNNER"))
        if (*named) return named;
    boost::system::error_code ec;
    const auto self = boost::filesystem::read_symlink("/proc/self/exe", ec);
    return (ec ? boost::filesystem::path(".") : self.parent_path()) / "sis-plugin-runner";
}

class RunnerProcess {
public:
    // What the runner found when it loaded the plugin.
    struct Loaded {
        std::uint32_t abi_major = 0, abi_minor = 0;
        bool destroy_checked = false, cancel = false;
        CallResult describe;
    };

    // Starts `runner` on `plugin` and waits until it has loaded it. Throws
    // LoadError: the runner's own message (the same as an in-process load's)
    // when the plugin cannot be loaded, or why the runner could not run.
    static std::unique_ptr<RunnerProcess> start(const boost::filesystem::path &runner,
                                                const boost::filesystem::path &plugin) {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
            throw LoadError(plugin.string() + ": cannot make a socket pair for its runner: " + std::strerror(errno));
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        // (dup2 clears close-on-exec on the runner's copy only.)
        posix_spawn_file_actions_adddup2(&actions, pair[1], runner::kRunnerFd);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        // The plugin must not write into the host's stdout (a --json result there).
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        const std::string runner_file = runner.string(), plugin_file = plugin.string(),
                          fd = std::to_string(runner::kRunnerFd);
        char *argv[] = {const_cast<char *>(runner_file.c_str()), const_cast<char *>("--fd"),
                        const_cast<char *>(fd.c_str()), const_cast<char *>(plugin_file.c_str()), nullptr};
        pid_t pid = 0;
        const int spawned = ::posix_spawn(&pid, runner_file.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(pair[1]);
        if (spawned != 0) {
            ::close(pair[0]);
            throw LoadError(plugin_file + ": cannot start the plugin runner " + runner_file + ": " +
                            std::strerror(spawned) +
                            ": install sis-plugin-runner next to the host or name it in SIS_PLUGIN_RUNNER");
        }
        std::unique_ptr<RunnerProcess> process(new RunnerProcess(pid, pair[0], plugin));
        process->read_load_report();
        return process;
    }

    // Ends the runner: it destroys its instance, if any, at the end of the
    // stream and exits; one that does not within 5 s is killed.
    ~RunnerProcess() {
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        reap(std::chrono::seconds(5));
    }
    RunnerProcess(const RunnerProcess &) = delete;
    RunnerProcess &operator=(const RunnerProcess &) = delete;

    const Loaded &loaded() const { return loaded_; }
    pid_t pid() const { return pid_; }

    // Creates the runner's one instance with the host's services, which must
    // stay valid until destroy (as in the ABI).
    CallResult create(const std::string &config_json, const sis_host_services *services) {
        services_ = services;
        std::uint64_t flags = 0;
        if (services) {
            flags |= runner::kHasServices;
            if (services->log) flags |= runner::kHasLog;
            if (services->progress) flags |= runner::kHasProgress;
            if (services->is_cancelled) flags |= runner::kHasIsCancelled;
        }
        return call(runner::Kind::create, "create", [&](runner::Message &m) { m.text(config_json).number(flags); });
    }

    // One instance call (connect, list_scopes, import_event, sso, destroy).
    // Overlapping calls get SIS_BUSY, as the plugin itself answers them.
    CallResult call(runner::Kind kind, const char *what, const std::string &json) {
        return call(kind, what, [&](runner::Message &m) {
            if (kind != runner::Kind::connect && kind != runner::Kind::destroy) m.text(json);
        });
    }

    // [any-thread] The ABI's cancel, sent to the runner: it stops the call in
    // flight, or the next one. False when the runner is gone.
    bool cancel() {
        runner::Message m(runner::Kind::cancel);
        m.number(0);
        return send(m);
    }

    // Why the runner is gone, or "" while it runs.
    std::string ended() const {
        std::lock_guard<std::mutex> lock(death_mutex_);
        return death_;
    }

private:
    RunnerProcess(pid_t pid, int fd, boost::filesystem::path plugin)
        : pid_(pid), fd_(fd), plugin_(std::move(plugin)) {}

    template <class Fill> CallResult call(runner::Kind kind, const char *what, Fill fill) {
        std::unique_lock<std::mutex> busy(call_mutex_, std::try_to_lock);
        if (!busy)
            return {SIS_BUSY, host_error_json(SIS_BUSY, "busy", std::string(what) +
                                                                    ": the instance is already in a call: calls "
                                                                    "on one instance must not overlap")};
        const std::string gone = ended();
        if (!gone.empty()) return {SIS_INTERNAL, host_error_json(SIS_INTERNAL, "plugin_process_died", gone)};
        const std::uint64_t seq = ++seq_;
        runner::Message m(kind);
        m.number(seq);
        fill(m);
        if (!send(m)) return died(what);
        return await_result(seq, what);
    }

    bool send(runner::Message &m) {
        std::lock_guard<std::mutex> lock(write_mutex_);
        return runner::send_frame(fd_, m);
    }

    // Reads the runner's messages until the call's result, relaying the
    // plugin's callbacks on this (the calling) thread and polling the host's
    // is_cancelled every 20 ms: when it says stop, the runner's is_cancelled
    // says so for this call only.
    CallResult await_result(std::uint64_t seq, const char *what) {
        const bool polled = services_ && services_->is_cancelled;
        bool cancel_sent = false;
        std::string body;
        for (;;) {
            if (polled && !cancel_sent && services_->is_cancelled(services_->user_data)) {
                runner::Message m(runner::Kind::cancel);
                m.number(seq);
                cancel_sent = send(m);
            }
            pollfd p{fd_, POLLIN, 0};
            const int ready = ::poll(&p, 1, polled ? 20 : -1);
            if (ready < 0 && errno != EINTR) return died(what);
            if (ready <= 0) continue;
            try {
                if (!runner::read_frame(fd_, body)) return died(what);
                runner::Reader r(body);
                switch (r.kind()) {
                case runner::Kind::log: {
                    const auto level = static_cast<sis_log_level>(r.number());
                    const std::string message = r.text();
                    if (services_ && services_->log) services_->log(services_->user_data, level, message.c_str());
                    break;
                }
                case runner::Kind::progress: {
                    const std::string stage = r.text();
                    const std::uint64_t done = r.number(), total = r.number();
                    if (services_ && services_->progress)
                        services_->progress(services_->user_data, stage.c_str(), done, total);
                    break;
                }
                case runner::Kind::result: {
                    if (r.number() != seq) throw runner::ProtocolError("a result for another call");
                    CallResult result;
                    result.status = static_cast<sis_status>(r.number());
                    result.json = r.text();
                    return result;
                }
                default: throw runner::ProtocolError("an unexpected message");
                }
            } catch (const runner::ProtocolError &e) {
                ::kill(pid_, SIGKILL); // it broke the protocol: nothing it says can be trusted
                return died(what, e.what());
            }
        }
    }

    void read_load_report() {
        std::string body;
        std::string broken;
        try {
            if (runner::read_frame(fd_, body)) {
                runner::Reader r(body);
                if (r.kind() == runner::Kind::load_failed) {
                    const std::string message = r.text();
                    reap(std::chrono::seconds(5));
                    throw LoadError(message);
                }
                if (r.kind() != runner::Kind::loaded) throw runner::ProtocolError("no load report");
                loaded_.abi_major = static_cast<std::uint32_t>(r.number());
                loaded_.abi_minor = static_cast<std::uint32_t>(r.number());
                const std::uint64_t table = r.number();
                loaded_.destroy_checked = (table & runner::kTableDestroyChecked) != 0;
                loaded_.cancel = (table & runner::kTableCancel) != 0;
                loaded_.describe.status = static_cast<sis_status>(r.number());
                loaded_.describe.json = r.text();
                return;
            }
        } catch (const runner::ProtocolError &e) {
            ::kill(pid_, SIGKILL);
            broken = e.what();
        }
        reap(std::chrono::seconds(2));
        throw LoadError(plugin_.string() + ": the plugin runner (pid " + std::to_string(pid_) +
                        ") ended while loading it: " + exit_status_ +
                        (broken.empty() ? "" : " (it broke the runner protocol: " + broken + ")"));
    }

    // The call's error once the runner is gone; also records why for later calls.
    CallResult died(const char *what, const std::string &protocol_error = {}) {
        reap(std::chrono::seconds(2));
        std::string message = plugin_.string() + ": the plugin's process (sis-plugin-runner, pid " +
                              std::to_string(pid_) + ") ended during " + what + ": " + exit_status_;
        if (!protocol_error.empty()) message += " (it broke the runner protocol: " + protocol_error + ")";
        message += "; this instance is gone: create a new one, which starts a new process";
        {
            std::lock_guard<std::mutex> lock(death_mutex_);
            if (death_.empty()) death_ = message;
        }
        return {SIS_INTERNAL, host_error_json(SIS_INTERNAL, "plugin_process_died", message)};
    }

    // Waits for the runner's exit (killing it after `patience`) and records
    // how it ended. Idempotent.
    void reap(std::chrono::milliseconds patience) {
        std::lock_guard<std::mutex> lock(reap_mutex_);
        if (reaped_) return;
        int status = 0;
        const auto until = std::chrono::steady_clock::now() + patience;
        pid_t got;
        while ((got = ::waitpid(pid_, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (got == 0) {
            ::kill(pid_, SIGKILL);
            while ((got = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
            }
        }
        reaped_ = true;
        if (got < 0)
            exit_status_ = "its exit status is unknown";
        else if (WIFSIGNALED(status))
            exit_status_ = "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                           signal_name(WTERMSIG(status)) + ")";
        else
            exit_status_ = "it exited with status " + std::to_string(WEXITSTATUS(status));
    }

    static std::string signal_name(int signal) {
        const char *name = ::strsignal(signal);
        return name ? name : "unknown";
    }

    const pid_t pid_;
    const int fd_;
    const boost::filesystem::path plugin_;
    Loaded loaded_;
    const sis_host_services *services_ = nullptr;
    std::atomic<std::uint64_t> seq_{0};
    std::mutex call_mutex_;  // one call at a time
    std::mutex write_mutex_; // whole frames: a cancel may come from another thread
    std::mutex reap_mutex_;
    bool reaped_ = false;
    std::string exit_status_;
    mutable std::mutex death_mutex_;
    std::string death_;
};

} // namespace sis_host

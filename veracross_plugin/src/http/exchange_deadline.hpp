// A hard end for every HTTP exchange. Per-read timeouts alone do not bound a
// request: a server that trickles one byte just before each timeout (during
// the TLS handshake, the headers or the body) would hold it, and its worker,
// forever. A DeadlineWatch cuts the connection of any exchange that overruns
// its deadline with shutdown(2), which wakes a read blocked on any thread,
// TLS included, without touching the connection's OpenSSL state.
//
// One watcher thread per DeadlineWatch, started on first use and joined by
// the destructor. Threads: arm and disarm may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace veracross {

class DeadlineWatch {
public:
    using Clock = std::chrono::steady_clock;

    DeadlineWatch() = default;
    ~DeadlineWatch();
    DeadlineWatch(const DeadlineWatch &) = delete;
    DeadlineWatch &operator=(const DeadlineWatch &) = delete;

    // Cuts every watched connection now (the host cancelled): as if each
    // deadline had passed. Threads: any.
    void cut_all();

    // Watches one exchange on socket `fd` until it is disarmed. It watches a
    // descriptor of its own for the socket: Poco's session may close `fd`
    // before the owner disarms (a failed read closes it at once), and the
    // number could then name another connection, which a cut must not touch.
    class Armed {
    public:
        Armed(DeadlineWatch &watch, int fd, Clock::time_point deadline);
        ~Armed() { disarm(); }
        Armed(const Armed &) = delete;
        Armed &operator=(const Armed &) = delete;

        // Stops watching; true when the deadline had already cut the connection.
        bool disarm();

    private:
        DeadlineWatch &watch_;
        int own_fd_; // the duplicate watched, closed at disarm; -1: `fd` itself (no descriptor was free)
        std::uint64_t id_;
        bool armed_ = true;
        bool expired_ = false;
    };

private:
    struct Entry {
        int fd;
        Clock::time_point deadline;
        bool cut = false;
    };

    std::uint64_t arm(int fd, Clock::time_point deadline);
    bool disarm(std::uint64_t id);
    void watch();

    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::uint64_t, Entry> entries_;
    std::uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace veracross

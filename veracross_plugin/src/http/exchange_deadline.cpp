#include "http/exchange_deadline.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace veracross {

DeadlineWatch::~DeadlineWatch() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

namespace {

// A second descriptor of the same socket (or -1 when none can be had).
int duplicate(int fd) { return ::fcntl(fd, F_DUPFD_CLOEXEC, 0); }

} // namespace

DeadlineWatch::Armed::Armed(DeadlineWatch &watch, int fd, Clock::time_point deadline)
    : watch_(watch), own_fd_(duplicate(fd)), id_(watch.arm(own_fd_ >= 0 ? own_fd_ : fd, deadline)) {}

bool DeadlineWatch::Armed::disarm() {
    if (armed_) {
        armed_ = false;
        expired_ = watch_.disarm(id_);
        if (own_fd_ >= 0) ::close(own_fd_); // after the watch let go of it
    }
    return expired_;
}

std::uint64_t DeadlineWatch::arm(int fd, Clock::time_point deadline) {
    std::uint64_t id;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!thread_.joinable()) thread_ = std::thread([this] { watch(); });
        id = next_id_++;
        entries_.emplace(id, Entry{fd, deadline});
    }
    changed_.notify_all();
    return id;
}

bool DeadlineWatch::disarm(std::uint64_t id) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(id);
    const bool cut = it != entries_.end() && it->second.cut;
    if (it != entries_.end()) entries_.erase(it);
    return cut;
}

void DeadlineWatch::cut_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto &e : entries_) {
        if (e.second.cut) continue;
        ::shutdown(e.second.fd, SHUT_RDWR); // under the lock, as in watch()
        e.second.cut = true;
    }
}

void DeadlineWatch::watch() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        auto next = Clock::time_point::max();
        const auto now = Clock::now();
        for (auto &e : entries_) {
            if (e.second.cut) continue;
            if (e.second.deadline <= now) {
                // Under the lock: the owner cannot close the socket (and the
                // descriptor be reused) before it has disarmed.
                ::shutdown(e.second.fd, SHUT_RDWR);
                e.second.cut = true;
            } else {
                next = std::min(next, e.second.deadline);
            }
        }
        if (next == Clock::time_point::max())
            changed_.wait(lock);
        else
            changed_.wait_until(lock, next);
    }
}

} // namespace veracross

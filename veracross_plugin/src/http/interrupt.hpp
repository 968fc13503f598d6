// The host's cancel as something a blocked wait wakes on. A flag alone is
// seen only when a loop comes round to check it; a TCP connect or a name
// lookup may wait for many seconds first. An Interrupt is also a descriptor
// (an eventfd, readable while raised) that each such wait polls beside the
// one it waits for, so a cancel ends the wait at once, whenever it comes:
// before the wait (the descriptor is already readable) or during it.
//
// Threads: raise() from any thread; clear() when no wait runs.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>

namespace veracross {

class Interrupt {
public:
    Interrupt(); // throws std::system_error when no eventfd can be made
    ~Interrupt();
    Interrupt(const Interrupt &) = delete;
    Interrupt &operator=(const Interrupt &) = delete;

    void raise();
    void clear();
    bool raised() const { return raised_; }

    enum class Wait { ready, interrupted, timed_out };
    // Waits until `fd` has one of `events` (poll(2) bits), the interrupt is
    // raised, or `timeout` passes. Raised wins over ready.
    Wait wait_for(int fd, short events, std::chrono::milliseconds timeout) const;

private:
    std::mutex mutex_; // raise and clear change the flag and the counter together
    std::atomic<bool> raised_{false};
    int fd_;
};

} // namespace veracross

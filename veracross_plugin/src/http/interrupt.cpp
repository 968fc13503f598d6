#include "http/interrupt.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstdint>
#include <system_error>

namespace veracross {

Interrupt::Interrupt() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
}

Interrupt::~Interrupt() { ::close(fd_); }

void Interrupt::raise() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (raised_) return;
    raised_ = true;
    const std::uint64_t one = 1;
    (void)!::write(fd_, &one, sizeof one); // cannot fail: the counter is 0 or 1
}

void Interrupt::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::uint64_t value;
    (void)!::read(fd_, &value, sizeof value); // EAGAIN when not raised
    raised_ = false;
}

Interrupt::Wait Interrupt::wait_for(int fd, short events, std::chrono::milliseconds timeout) const {
    using Clock = std::chrono::steady_clock;
    const auto until = Clock::now() + timeout;
    for (;;) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {fd, events, 0}};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
        const int n = ::poll(fds, 2, static_cast<int>(std::max<long long>(0, left.count())));
        if (raised_) return Wait::interrupted;
        if (n > 0 && fds[1].revents != 0) return Wait::ready; // POLLERR and POLLHUP count: the caller asks why
        if (n == 0 || Clock::now() >= until) return Wait::timed_out;
        // EINTR, or a wake left by a raise that clear() took back: wait on.
    }
}

} // namespace veracross

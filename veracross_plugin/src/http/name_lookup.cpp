#include "http/name_lookup.hpp"

#include "http/transport_error.hpp"

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <exception>
#include <optional>
#include <system_error>

namespace veracross {

// One lookup, shared by its thread and its caller, whichever leaves last.
struct NameLookup::Job {
    Job() : done_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
        if (done_fd < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
    }
    ~Job() { ::close(done_fd); }
    Job(const Job &) = delete;
    Job &operator=(const Job &) = delete;

    const int done_fd; // readable once the lookup has finished: what a wait polls
    // Set after the answer is stored: the flag, not the eventfd, orders the
    // answer's memory for the reader (and for ThreadSanitizer).
    std::atomic<bool> finished{false};
    std::optional<Poco::Net::SocketAddress> address;
    std::exception_ptr error;
};

Resolver system_resolver() {
    return [](const std::string &host, unsigned short port) { return Poco::Net::SocketAddress(host, port); };
}

NameLookup::NameLookup(Resolver resolver, const Interrupt &interrupt)
    : resolver_(std::move(resolver)), interrupt_(interrupt) {}

NameLookup::~NameLookup() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto &r : running_) r.thread.join();
}

void NameLookup::reap() {
    for (auto it = running_.begin(); it != running_.end();) {
        if (it->job->finished) {
            it->thread.join(); // it has stored its answer: it is leaving
            it = running_.erase(it);
        } else {
            ++it;
        }
    }
}

Poco::Net::SocketAddress NameLookup::resolve(const std::string &host, unsigned short port,
                                             std::chrono::milliseconds timeout) {
    Poco::Net::IPAddress numeric;
    if (Poco::Net::IPAddress::tryParse(host, numeric)) return Poco::Net::SocketAddress(numeric, port);
    if (interrupt_.raised()) throw cancelled_error();

    auto job = std::make_shared<Job>();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        reap();
        running_.push_back({std::thread([job, host, port, resolve = resolver_] {
                                try {
                                    job->address = resolve(host, port);
                                } catch (...) {
                                    job->error = std::current_exception();
                                }
                                job->finished = true;
                                const std::uint64_t one = 1;
                                (void)!::write(job->done_fd, &one, sizeof one);
                            }),
                            job});
    }
    switch (interrupt_.wait_for(job->done_fd, POLLIN, timeout)) {
    case Interrupt::Wait::interrupted:
        throw cancelled_error(); // the thread finishes on its own; the destructor joins it
    case Interrupt::Wait::timed_out:
        throw Poco::Net::DNSException("no answer from the name lookup in time", host);
    case Interrupt::Wait::ready:
        break;
    }
    if (!job->finished) // done_fd is written only after finished: not reached
        throw Poco::Net::DNSException("the name lookup ended without an answer", host);
    if (job->error) std::rethrow_exception(job->error);
    return *job->address;
}

} // namespace veracross

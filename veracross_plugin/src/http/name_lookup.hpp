// Name lookups a cancel does not wait for. getaddrinfo(3) cannot be
// interrupted and may block for the resolver's whole timeout (5 s per
// server and attempt by default). So a name is looked up on a helper thread
// while the caller waits on the lookup and the host's Interrupt: a cancel
// returns at once and abandons the lookup, whose thread ends when the
// resolver gives up. A numeric address needs no lookup and no thread.
//
// No thread outlives the NameLookup: its destructor joins every lookup
// thread, abandoned ones included (so destroying it may wait for a resolver
// still blocked, at most the system resolver's own timeout).
//
// Threads: resolve() from any number of threads at once.
#pragma once

#include "http/interrupt.hpp"

#include <Poco/Net/SocketAddress.h>

#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace veracross {

// Host name and port to one address; throws Poco::Net::DNSException (or
// any Poco::Exception) when there is none. May block.
using Resolver = std::function<Poco::Net::SocketAddress(const std::string &host, unsigned short port)>;

// The system's (getaddrinfo, IPv4 first): what Poco::Net::SocketAddress does.
Resolver system_resolver();

class NameLookup {
public:
    NameLookup(Resolver resolver, const Interrupt &interrupt);
    ~NameLookup();
    NameLookup(const NameLookup &) = delete;
    NameLookup &operator=(const NameLookup &) = delete;

    // The address of host:port. Throws PluginError(Status::cancelled) once the
    // interrupt is raised, Poco::Net::DNSException after `timeout`, or what
    // the resolver threw.
    Poco::Net::SocketAddress resolve(const std::string &host, unsigned short port,
                                     std::chrono::milliseconds timeout);

private:
    struct Job;
    struct Running {
        std::thread thread;
        std::shared_ptr<Job> job;
    };
    // Joins the threads whose lookup has finished.
    void reap();

    const Resolver resolver_;
    const Interrupt &interrupt_;
    std::mutex mutex_;
    std::list<Running> running_;
};

} // namespace veracross

// The ABI 1.1 tests' shared pieces (see abi11_fixture.hpp).
#include "abi11_fixture.hpp"

#include "import_fixture.hpp"
#include "simulator.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace abi11 {

std::string config_for(const std::string &accounts, const std::string &api) {
    Poco::JSON::Object c;
    c.set("school_domain", "demo");
    c.set("client_id", "abi11-client");
    c.set("client_secret", "abi11-secret-never-shown");
    c.set("integration_type", "imports");
    c.set("accounts_base_url", accounts);
    c.set("api_base_url", api);
    c.set("tls_ca_file", vcsim::test_ca_file());
    c.set("timeout_seconds", 30); // the case: cancel must not wait for a timeout
    std::ostringstream out;
    c.stringify(out);
    return out.str();
}

std::string offline_config() { return config_for("https://127.0.0.1:9", "https://127.0.0.1:9"); }

sis_instance *create_instance(const sis_plugin_table &t, const std::string &config, const sis_host_services *host) {
    sis_instance *inst = nullptr;
    char *out = nullptr;
    const sis_status s = t.create(config.c_str(), host, &inst, &out);
    INFO((out ? out : ""));
    REQUIRE(s == SIS_OK);
    REQUIRE(inst);
    return inst;
}

std::string event_json() {
    std::ostringstream out;
    import_test::event_for("Semester 1").stringify(out);
    return out.str();
}

hardening::Behaviour read_then_silence() {
    return [](hardening::Connection &c) {
        c.read_request();
        while (!c.stopping()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    };
}

hardening::Behaviour silence() {
    return [](hardening::Connection &c) {
        while (!c.stopping()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    };
}

FullListener::FullListener() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr *>(&addr), len) != 0 ||
        ::listen(listener_, 0) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
        throw std::runtime_error("cannot listen on loopback");
    port_ = ntohs(addr.sin_port);
    // Connect (never accepted) until one connect stays pending: the queue is full.
    for (int i = 0; i < 16; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        fillers_.push_back(fd);
        if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), len) == 0) continue;
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, 300) == 0) return;
    }
    throw std::runtime_error("the listener's queue does not fill");
}

FullListener::~FullListener() {
    for (const int fd : fillers_) ::close(fd);
    ::close(listener_);
}

int FullListener::connecting() const {
    // /proc/net/tcp: "sl local rem st ...", addresses as hex "IP:PORT", SYN_SENT is 02.
    char port_hex[8];
    std::snprintf(port_hex, sizeof port_hex, ":%04X", static_cast<unsigned>(port_));
    std::ifstream tcp("/proc/net/tcp");
    std::string line;
    std::getline(tcp, line); // the heading
    int n = 0;
    while (std::getline(tcp, line)) {
        std::istringstream fields(line);
        std::string sl, local, remote, state;
        fields >> sl >> local >> remote >> state;
        if (state == "02" && remote.size() > 5 && remote.compare(remote.size() - 5, 5, port_hex) == 0) ++n;
    }
    return n - 1; // the filler that found the queue full
}

bool wait_for_requests(const hardening::HostileServer &server, std::size_t requests,
                       std::chrono::milliseconds limit) {
    const auto until = Clock::now() + limit;
    while (Clock::now() < until) {
        if (requests == 0 ? server.connections() > 0 : server.requests().size() >= requests) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

} // namespace abi11

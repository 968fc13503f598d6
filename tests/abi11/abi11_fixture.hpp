// What the ABI 1.1 tests share: the Veracross plugin loaded as a host loads
// it, a config pointing at any server, a silent server that holds a call in
// flight, and a call run on its own thread and timed.
#pragma once

#include "hostile_server.hpp"
#include "sis_host/checked_plugin.hpp"

#include <chrono>
#include <future>
#include <string>
#include <vector>

namespace abi11 {

inline sis_host::CheckedPlugin veracross_plugin() {
    return sis_host::load_checked(sis_host::load_manifest(std::string(SIS_PLUGIN_DIR) + "/veracross.yaml"));
}

// Valid plugin config whose Veracross endpoints are `accounts` and `api`.
std::string config_for(const std::string &accounts, const std::string &api);
// A config that needs no server (create and list_scopes only).
std::string offline_config();

// An instance of `t` created with `config` (and `host`), or the test fails.
sis_instance *create_instance(const sis_plugin_table &t, const std::string &config = offline_config(),
                              const sis_host_services *host = nullptr);

// The ABI promises a cancel returns within 100 ms; the tests assert 1 s,
// which a loaded 2-core machine's scheduling cannot break, and which a
// cancel that only polled or waited for the 30 s request timeout could not meet.
constexpr auto kCancelBound = std::chrono::milliseconds(1000);
// A valid import event.
std::string event_json();

// TLS server that reads the request, then says nothing until stopped.
hardening::Behaviour read_then_silence();
// Says nothing at all (for a TLS handshake that never ends).
hardening::Behaviour silence();

// A listening socket on loopback whose accept queue is full, so a connect
// to its port never completes (the kernel drops the SYN) until it closes.
class FullListener {
public:
    FullListener(); // throws std::runtime_error when the queue cannot be filled
    ~FullListener();
    FullListener(const FullListener &) = delete;
    FullListener &operator=(const FullListener &) = delete;

    int port() const { return port_; }
    // Connects to the port still waiting (SYN_SENT) other than its own filler.
    int connecting() const;

private:
    int listener_ = -1;
    std::vector<int> fillers_;
    int port_ = 0;
};

// A table call on its own thread; the status, and when it returned.
struct Running {
    std::future<sis_status> status;
    std::string json;
    std::chrono::steady_clock::time_point returned;
};
using Clock = std::chrono::steady_clock;

// Waits (at most `limit`) until `server` has read `requests` request heads,
// or accepted a connection when requests is 0.
bool wait_for_requests(const hardening::HostileServer &server, std::size_t requests,
                       std::chrono::milliseconds limit = std::chrono::milliseconds(10000));

} // namespace abi11

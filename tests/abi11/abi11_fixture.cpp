// The ABI 1.1 tests' shared pieces (see abi11_fixture.hpp).
#include "abi11_fixture.hpp"

#include "import_fixture.hpp"
#include "simulator.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>
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

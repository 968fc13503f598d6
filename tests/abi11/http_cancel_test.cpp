// Issue 19, cancel at any point, where the ABI cannot reach: a name lookup
// that blocks (a resolver injected into the plugin's HTTP client). The cancel
// abandons the lookup at once, the client stays usable, and no lookup thread
// outlives the client.
#include "abi11_fixture.hpp"
#include "common/plugin_error.hpp"
#include "hostile_server.hpp"
#include "http/http_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

using abi11::kCancelBound;
using veracross::HttpClient;
using veracross::HttpRequest;
using veracross::HttpSettings;
using veracross::PluginError;
using veracross::Status;
using Clock = std::chrono::steady_clock;

namespace {

// Looks up "blocked.test" until released; any other name is 127.0.0.1.
struct BlockingResolver {
    std::mutex mutex;
    std::condition_variable changed;
    bool released = false;
    std::atomic<int> calls{0};
    std::atomic<int> running{0};

    veracross::Resolver resolver() {
        return [this](const std::string &host, unsigned short port) {
            ++calls;
            ++running;
            if (host == "blocked.test") {
                std::unique_lock<std::mutex> lock(mutex);
                changed.wait(lock, [&] { return released; });
            }
            --running;
            return Poco::Net::SocketAddress("127.0.0.1", port);
        };
    }
    void release() {
        {
            std::lock_guard<std::mutex> lock(mutex);
            released = true;
        }
        changed.notify_all();
    }
};

// Releases the resolver when a test leaves early (a failed REQUIRE), so
// the client's end, which joins the lookup, does not wait for ever.
struct ReleaseOnExit {
    BlockingResolver &dns;
    bool armed = true;
    ~ReleaseOnExit() {
        if (armed) dns.release();
    }
};

HttpRequest get(const std::string &host, int port) {
    HttpRequest r;
    r.url = "http://" + host + ":" + std::to_string(port) + "/";
    return r;
}

// The status `send` ended with; none when it returned an answer.
std::optional<Status> status_of(HttpClient &client, const HttpRequest &request) {
    try {
        client.send(request);
        return std::nullopt;
    } catch (const PluginError &e) {
        return e.status();
    }
}

bool wait_until(const std::function<bool()> &done) {
    const auto until = Clock::now() + std::chrono::seconds(10);
    while (!done() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return done();
}

} // namespace

TEST_CASE("cancel: a name lookup that blocks is abandoned at once and the client stays usable") {
    hardening::HostileServer server(hardening::HostileServer::Transport::plain,
                                    hardening::answer("HTTP/1.1 200 OK", {}, "{}"));
    BlockingResolver dns;
    std::thread releaser;
    {
        HttpSettings settings;
        settings.timeout_seconds = 30;
        HttpClient client(settings, dns.resolver());
        ReleaseOnExit on_failure{dns};
        std::optional<Status> status;
        Clock::time_point returned;
        std::thread sender([&] {
            status = status_of(client, get("blocked.test", server.port()));
            returned = Clock::now();
        });
        const bool held = wait_until([&] { return dns.running == 1; });
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto cancelled_at = Clock::now();
        client.interrupt();
        sender.join();
        REQUIRE(held);
        CHECK(status == Status::cancelled);
        CHECK(returned - cancelled_at < kCancelBound);
        CHECK(dns.running == 1); // abandoned, not waited for
        CHECK(server.connections() == 0);

        // Refused while cancelled, without a lookup; usable after resume.
        CHECK(status_of(client, get("fine.test", server.port())) == Status::cancelled);
        CHECK(dns.calls == 1);
        client.resume();
        CHECK(status_of(client, get("fine.test", server.port())) == std::nullopt);
        CHECK(server.connections() == 1);

        // The client's end waits for the abandoned lookup's thread.
        on_failure.armed = false;
        releaser = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            dns.release();
        });
    }
    CHECK(dns.running == 0);
    releaser.join();
}

TEST_CASE("http: a name lookup that does not answer within the timeout is a DNS error") {
    BlockingResolver dns;
    HttpSettings settings;
    settings.timeout_seconds = 0.2;
    HttpClient client(settings, dns.resolver());
    ReleaseOnExit release{dns};
    try {
        client.send(get("blocked.test", 9));
        FAIL("the lookup should have timed out");
    } catch (const PluginError &e) {
        CHECK(e.status() == Status::network);
        CHECK(e.code() == "dns");
    }
}

TEST_CASE("http: cut_in_flight ends an exchange waiting for its answer at once, and refuses nothing after") {
    // "/slow" is never answered (until the client hangs up); anything else is.
    hardening::HostileServer server(hardening::HostileServer::Transport::plain, [](hardening::Connection &c) {
        const std::string head = c.read_request();
        if (head.find("GET /slow") == std::string::npos) {
            c.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            return;
        }
        while (!c.stopping()) c.pause(std::chrono::milliseconds(20));
    });
    HttpSettings settings;
    settings.timeout_seconds = 30; // the answer's own wait would be minutes
    HttpClient client(settings);
    HttpRequest slow = get("127.0.0.1", server.port());
    slow.url += "slow";
    std::optional<Status> status;
    Clock::time_point returned;
    std::thread sender([&] {
        status = status_of(client, slow);
        returned = Clock::now();
    });
    const bool asked = wait_until([&] { return server.requests().size() == 1; });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto cut_at = Clock::now();
    client.cut_in_flight();
    sender.join();
    REQUIRE(asked);
    CHECK(status == Status::network); // a cut exchange, not the host's cancel
    CHECK(returned - cut_at < kCancelBound);
    // Nothing is refused afterwards: the cut is not a cancel.
    CHECK(status_of(client, get("127.0.0.1", server.port())) == std::nullopt);
}

TEST_CASE("http: a connection that breaks while the request is written fails the request, and Poco opens no other") {
    // Poco's session reconnects by itself when a write fails on a kept-alive
    // session. That connection would be one the host's cancel and the
    // deadline watch never see: a cancel that cut a socket between its TLS
    // handshake and its request once waited 60 s on such a connection.
    hardening::HostileServer server(hardening::HostileServer::Transport::plain, [](hardening::Connection &c) {
        c.socket().setLinger(true, 0); // a reset, at once
        c.socket().close();
    });
    HttpSettings settings;
    settings.timeout_seconds = 10;
    HttpClient client(settings);
    HttpRequest request = get("127.0.0.1", server.port());
    // More than loopback's buffers take, so the write is still going when the reset comes.
    request.headers.emplace_back("X-Padding", std::string(std::size_t{16} << 20, 'x'));
    CHECK(status_of(client, request) == Status::network);
    CHECK(server.connections() == 1);
}

// A deliberately bad server on loopback, for hardening tests: it accepts
// connections (plain TCP, or TLS with the test certificate of tests/certs)
// and runs, on its own thread per connection, whatever behaviour the test
// chose: endless bodies, JSON nested 10,000 deep, bytes trickled forever,
// headers without end, redirects to another host... It records every
// request head it reads and counts connections and bytes sent, so a test can
// assert what a client did (and did not) send.
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hardening {

class HostileServer;

// One accepted connection, as a behaviour sees it.
class Connection {
public:
    Connection(HostileServer &server, Poco::Net::StreamSocket socket);

    // Reads one request (head, and the body its Content-Length announces)
    // and records its head; "" when the client sent none.
    std::string read_request();
    // Sends all of `bytes`; false once the client has gone or the server stops.
    bool send(const std::string &bytes);
    // Sends `bytes` a chunk at a time, `pause` apart; false as send().
    bool trickle(const std::string &bytes, std::size_t chunk, std::chrono::milliseconds pause);
    // Sleeps `pause` between two trickled pieces, counted (HostileServer::pauses).
    void pause(std::chrono::milliseconds pause);
    bool stopping() const;
    Poco::Net::StreamSocket &socket() { return socket_; }

private:
    HostileServer &server_;
    Poco::Net::StreamSocket socket_;
};

using Behaviour = std::function<void(Connection &)>;

class HostileServer {
public:
    enum class Transport { plain, tls };

    HostileServer(Transport transport, Behaviour behaviour);
    ~HostileServer(); // stops: cuts open connections and joins their threads
    HostileServer(const HostileServer &) = delete;
    HostileServer &operator=(const HostileServer &) = delete;

    int port() const { return port_; }
    // "https://127.0.0.1:PORT" for tls, "http://..." for plain, or with the
    // other scheme than the server speaks when `scheme` is given.
    std::string base_url(const std::string &scheme = {}) const;

    std::vector<std::string> requests() const; // every request head read, in order
    std::uint64_t connections() const { return connections_; }
    std::uint64_t bytes_sent() const { return bytes_sent_; }
    // Pauses the behaviours slept between trickled pieces: a clock of the
    // server's own, which a loaded machine can only slow down.
    std::uint64_t pauses() const { return pauses_; }
    // Waits until no connection is being served (the client went away or
    // the behaviour finished); false after `limit`.
    bool wait_until_idle(std::chrono::milliseconds limit) const;

private:
    friend class Connection;
    void accept_loop();
    void serve(const std::shared_ptr<Poco::Net::StreamSocket> &socket);

    const Transport transport_;
    const Behaviour behaviour_;
    std::unique_ptr<Poco::Net::ServerSocket> listener_;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> connections_{0};
    std::atomic<std::uint64_t> bytes_sent_{0};
    std::atomic<std::uint64_t> pauses_{0};
    std::atomic<int> active_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> requests_;
    std::list<std::shared_ptr<Poco::Net::StreamSocket>> open_;
    std::list<std::thread> workers_;
    std::thread acceptor_;
};

// ---- Behaviours ------------------------------------------------------------

// One whole answer: status line ("HTTP/1.1 200 OK"), extra header lines, body
// (with its Content-Length), then close.
Behaviour answer(const std::string &status_line, const std::vector<std::string> &headers,
                 const std::string &body);
// 200 with a chunked JSON body that never ends (until the client hangs up).
Behaviour endless_chunked_body();
// 200 with a body of `depth` nested JSON arrays.
Behaviour deeply_nested_json(int depth);
// 200 announcing a body of 1 MB (within any bound), then one byte every `pause`, for ever.
Behaviour trickled_body(std::chrono::milliseconds pause);
// A status line, then a header value one byte every `pause`, for ever.
Behaviour trickled_headers(std::chrono::milliseconds pause);
// A header value of `bytes` bytes (sent as fast as the client reads).
Behaviour huge_header_value(std::size_t bytes);
// `count` header fields.
Behaviour many_headers(std::size_t count);
// `status` with Location: `location`.
Behaviour redirect(int status, const std::string &location);
// What a plain HTTP server says to a TLS ClientHello: 400, then close.
Behaviour plain_http_bad_request();
// A TCP relay to 127.0.0.1:`target_port` that passes the client's bytes on
// at once and the target's back `chunk` bytes every `pause` (TLS passes
// through: the handshake itself is trickled).
Behaviour trickle_relay(int target_port, std::size_t chunk, std::chrono::milliseconds pause);

} // namespace hardening

#include "hostile_server.hpp"

#include "simulator.hpp" // test_cert_dir()

#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <sys/socket.h>

#include <csignal>

namespace hardening {
namespace {

Poco::Net::Context::Ptr server_context() {
    Poco::Net::Context::Params params;
    params.certificateFile = vcsim::test_cert_dir() + "/server.pem";
    params.privateKeyFile = vcsim::test_cert_dir() + "/server.key";
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    return new Poco::Net::Context(Poco::Net::Context::SERVER_USE, params);
}

std::size_t content_length(const std::string &head) {
    const std::string lower = Poco::toLower(head);
    const auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    const auto end = lower.find("\r\n", at + 2);
    Poco::UInt64 n = 0;
    Poco::NumberParser::tryParseUnsigned64(Poco::trim(lower.substr(at + 17, end - at - 17)), n);
    return static_cast<std::size_t>(n);
}

std::string chunk(const std::string &data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

} // namespace

// ---- Connection --------------------------------------------------------------

Connection::Connection(HostileServer &server, Poco::Net::StreamSocket socket)
    : server_(server), socket_(std::move(socket)) {}

bool Connection::stopping() const { return server_.stopping_; }

std::string Connection::read_request() {
    std::string data;
    char buffer[4096];
    std::size_t head_end;
    while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
        if (data.size() > (1 << 20) || stopping()) return {};
        int n = 0;
        try {
            n = socket_.receiveBytes(buffer, sizeof buffer);
        } catch (const Poco::Exception &) {
            return {};
        }
        if (n <= 0) return {};
        data.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string head = data.substr(0, head_end + 4);
    std::size_t body = data.size() - head.size();
    const std::size_t wanted = content_length(head);
    while (body < wanted && !stopping()) {
        int n = 0;
        try {
            n = socket_.receiveBytes(buffer, sizeof buffer);
        } catch (const Poco::Exception &) {
            break;
        }
        if (n <= 0) break;
        body += static_cast<std::size_t>(n);
    }
    std::lock_guard<std::mutex> lock(server_.mutex_);
    server_.requests_.push_back(head);
    return head;
}

bool Connection::send(const std::string &bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        if (stopping()) return false;
        int n = 0;
        try {
            n = socket_.sendBytes(bytes.data() + done, static_cast<int>(bytes.size() - done));
        } catch (const Poco::Exception &) {
            return false;
        }
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
        server_.bytes_sent_ += static_cast<std::uint64_t>(n);
    }
    return true;
}

bool Connection::trickle(const std::string &bytes, std::size_t chunk_size, std::chrono::milliseconds pause) {
    for (std::size_t at = 0; at < bytes.size(); at += chunk_size) {
        if (!send(bytes.substr(at, chunk_size))) return false;
        this->pause(pause);
    }
    return true;
}

void Connection::pause(std::chrono::milliseconds pause) {
    std::this_thread::sleep_for(pause);
    ++server_.pauses_;
}

// ---- HostileServer -------------------------------------------------------------

HostileServer::HostileServer(Transport transport, Behaviour behaviour)
    : transport_(transport), behaviour_(std::move(behaviour)) {
    // Writing to a client that hung up must be an error, not the end of the test.
    std::signal(SIGPIPE, SIG_IGN);
    const Poco::Net::SocketAddress address("127.0.0.1", 0);
    if (transport_ == Transport::tls)
        listener_ = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, server_context());
    else
        listener_ = std::make_unique<Poco::Net::ServerSocket>(address, 64);
    port_ = listener_->address().port();
    acceptor_ = std::thread([this] { accept_loop(); });
}

HostileServer::~HostileServer() {
    stopping_ = true;
    acceptor_.join();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        // Wakes handlers blocked in a read or a write.
        for (const auto &s : open_) ::shutdown(s->impl()->sockfd(), SHUT_RDWR);
    }
    for (auto &w : workers_) w.join();
}

std::string HostileServer::base_url(const std::string &scheme) const {
    const std::string s = !scheme.empty() ? scheme : transport_ == Transport::tls ? "https" : "http";
    return s + "://127.0.0.1:" + std::to_string(port_);
}

std::vector<std::string> HostileServer::requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
}

bool HostileServer::wait_until_idle(std::chrono::milliseconds limit) const {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (active_ > 0) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

void HostileServer::accept_loop() {
    while (!stopping_) {
        try {
            if (!listener_->poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ)) continue;
            auto socket = std::make_shared<Poco::Net::StreamSocket>(listener_->acceptConnection());
            ++connections_;
            ++active_;
            std::lock_guard<std::mutex> lock(mutex_);
            open_.push_back(socket);
            workers_.emplace_back([this, socket] { serve(socket); });
        } catch (const Poco::Exception &) {
            // A failed accept (or TLS accept) is the client's problem, not the server's.
        }
    }
}

void HostileServer::serve(const std::shared_ptr<Poco::Net::StreamSocket> &socket) {
    try {
        socket->setReceiveTimeout(Poco::Timespan(2, 0)); // reads wake up to see `stopping_`
        Connection c(*this, *socket);
        behaviour_(c);
        socket->shutdown();
    } catch (const Poco::Exception &) {
    }
    --active_;
}

// ---- Behaviours ------------------------------------------------------------------

Behaviour answer(const std::string &status_line, const std::vector<std::string> &headers,
                 const std::string &body) {
    return [=](Connection &c) {
        if (c.read_request().empty()) return;
        std::string head = status_line + "\r\nConnection: close\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n";
        for (const auto &h : headers) head += h + "\r\n";
        c.send(head + "\r\n" + body);
    };
}

Behaviour endless_chunked_body() {
    return [](Connection &c) {
        if (c.read_request().empty()) return;
        if (!c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                    chunk("{\"data\":[")))
            return;
        std::string records;
        while (records.size() < 64 * 1024) records += "{\"id\":1,\"first_name\":\"Endless\"},";
        const std::string piece = chunk(records);
        while (c.send(piece)) {
        }
    };
}

Behaviour deeply_nested_json(int depth) {
    const std::string body = std::string(static_cast<std::size_t>(depth), '[') +
                             std::string(static_cast<std::size_t>(depth), ']');
    return answer("HTTP/1.1 200 OK", {"Content-Type: application/json"}, body);
}

Behaviour trickled_body(std::chrono::milliseconds pause) {
    return [pause](Connection &c) {
        if (c.read_request().empty()) return;
        if (!c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"))
            return;
        while (c.send(" ")) c.pause(pause);
    };
}

Behaviour trickled_headers(std::chrono::milliseconds pause) {
    return [pause](Connection &c) {
        if (c.read_request().empty()) return;
        if (!c.send("HTTP/1.1 200 OK\r\nX-Slow: ")) return;
        while (c.send("a")) c.pause(pause);
    };
}

Behaviour huge_header_value(std::size_t bytes) {
    return [bytes](Connection &c) {
        if (c.read_request().empty()) return;
        if (!c.send("HTTP/1.1 200 OK\r\nX-Huge: ")) return;
        const std::string piece(64 * 1024, 'h');
        for (std::size_t sent = 0; sent < bytes; sent += piece.size())
            if (!c.send(piece)) return;
        c.send("\r\nContent-Length: 2\r\n\r\n{}");
    };
}

Behaviour many_headers(std::size_t count) {
    return [count](Connection &c) {
        if (c.read_request().empty()) return;
        std::string head = "HTTP/1.1 200 OK\r\n";
        for (std::size_t i = 0; i < count; ++i) head += "X-Field-" + std::to_string(i) + ": v\r\n";
        c.send(head + "Content-Length: 2\r\n\r\n{}");
    };
}

Behaviour redirect(int status, const std::string &location) {
    return answer("HTTP/1.1 " + std::to_string(status) + " Moved", {"Location: " + location},
                  "{\"moved\":\"" + location + "\"}");
}

Behaviour plain_http_bad_request() {
    return [](Connection &c) {
        char buffer[4096];
        try {
            c.socket().receiveBytes(buffer, sizeof buffer); // the ClientHello, as garbage
        } catch (const Poco::Exception &) {
            return;
        }
        c.send("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
               "Connection: close\r\n\r\nBad Request");
    };
}

Behaviour trickle_relay(int target_port, std::size_t chunk_size, std::chrono::milliseconds pause) {
    return [=](Connection &c) {
        Poco::Net::StreamSocket target;
        target.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(target_port)));
        std::string pending;
        char buffer[16384];
        bool target_open = true;
        while (!c.stopping()) {
            if (c.socket().poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) {
                const int n = c.socket().receiveBytes(buffer, sizeof buffer);
                if (n <= 0) return; // the client hung up
                target.sendBytes(buffer, n);
            }
            if (target_open && pending.empty() &&
                target.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) {
                const int n = target.receiveBytes(buffer, sizeof buffer);
                if (n <= 0) target_open = false;
                else pending.append(buffer, static_cast<std::size_t>(n));
            }
            if (pending.empty()) {
                if (!target_open) return;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                continue;
            }
            if (!c.send(pending.substr(0, chunk_size))) return;
            pending.erase(0, chunk_size);
            c.pause(pause);
        }
    };
}

} // namespace hardening

#include "http/http_client.hpp"

#include "common/plugin_error.hpp"
#include "http/tls_context.hpp"
#include "http/transport_error.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <algorithm>
#include <istream>
#include <utility>

namespace veracross {
namespace {

Poco::Timespan seconds(double s) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(s * Poco::Timespan::SECONDS));
}

std::string server_of(const Poco::URI &uri) {
    const unsigned short port = uri.getSpecifiedPort(); // 0 when the URL names none
    return port == 0 ? uri.getHost() : uri.getHost() + ":" + std::to_string(port);
}

Poco::URI parse_url(const std::string &url) {
    try {
        Poco::URI uri(url);
        if ((uri.getScheme() == "https" || uri.getScheme() == "http") && !uri.getHost().empty())
            return uri;
    } catch (const Poco::SyntaxException &) {
    }
    throw PluginError(Status::invalid_config, "invalid_url",
                      "'" + url + "' is not an http(s) address: check the base URLs in the settings");
}

// A Poco session on a socket this client connected itself (so that the
// deadline watch knows the socket before the TLS handshake), otherwise
// Poco's own: it knows its host and port for the Host header.
// Poco's mapping of a socket error to its exception (ConnectionRefused...).
struct SocketErrors : Poco::Net::SocketImpl {
    using Poco::Net::SocketImpl::error;
};

// A TCP connect that a cancel ends at once: Poco's own connect polls the
// socket alone, for up to the whole timeout.
void connect(Poco::Net::StreamSocket &tcp, const Poco::Net::SocketAddress &address,
             std::chrono::milliseconds timeout, const Interrupt &interrupt) {
    tcp.setBlocking(false);
    if (::connect(tcp.impl()->sockfd(), address.addr(), address.length()) != 0) {
        const int err = errno;
        if (err != EINPROGRESS) SocketErrors::error(err, address.toString());
        switch (interrupt.wait_for(tcp.impl()->sockfd(), POLLOUT, timeout)) {
        case Interrupt::Wait::interrupted:
            throw cancelled_error();
        case Interrupt::Wait::timed_out:
            throw Poco::TimeoutException("connect timed out", address.toString());
        case Interrupt::Wait::ready:
            break;
        }
        if (const int failed = tcp.impl()->socketError()) SocketErrors::error(failed, address.toString());
    }
    tcp.setBlocking(true);
}

// A Poco session on a socket HttpClient connected (and armed) itself. It
// never connects on its own: Poco reconnects when a write fails on a
// kept-alive session, and that socket would be one the host's cancel and
// the deadline watch never see (a cancel once waited 60 s on one). The
// failed write fails the request instead; send() decides what to retry.
template <class Session> class SessionOnSocket : public Session {
public:
    template <class... Args>
    explicit SessionOnSocket(const Poco::Net::StreamSocket &socket, Args &&...args)
        : Session(std::forward<Args>(args)...) {
        this->attachSocket(socket);
    }

protected:
    void connect(const Poco::Net::SocketAddress &) override {
        throw Poco::Net::ConnectionAbortedException("the connection broke (no reconnect outside HttpClient)");
    }
};

} // namespace

std::string server_name(const std::string &url) { return server_of(parse_url(url)); }

HttpClient::HttpClient(HttpSettings settings, Resolver resolver)
    : settings_(std::move(settings)), tls_(make_client_tls_context(settings_.tls_ca_file)),
      lookups_(std::move(resolver), interrupt_) {}

HttpClient::~HttpClient() = default;

HttpClient::Lease HttpClient::checkout(const std::string &origin) {
    const auto stale = Clock::now() - std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(settings_.max_idle_seconds));
    std::lock_guard<std::mutex> lock(pool_mutex_);
    auto &idle = idle_[origin];
    while (!idle.empty()) {
        Lease lease = std::move(idle.back());
        idle.pop_back();
        // The server has likely closed it by now (no point failing on it).
        if (lease.idle_since < stale) continue;
        lease.reused = true;
        return lease;
    }
    return {};
}

void HttpClient::checkin(const std::string &origin, Lease lease) {
    lease.idle_since = Clock::now();
    std::lock_guard<std::mutex> lock(pool_mutex_);
    auto &idle = idle_[origin];
    if (idle.size() < settings_.max_idle_per_origin) idle.push_back(std::move(lease));
}

HttpClient::Lease HttpClient::open(const std::string &scheme, const std::string &host,
                                   unsigned short port, Clock::time_point deadline,
                                   std::unique_ptr<DeadlineWatch::Armed> &armed) {
    // The TCP connection is made here, not by Poco's session, so that its
    // socket is known before the TLS handshake, which the deadline must cover,
    // and so that a cancel ends the lookup and the connect at once.
    const Poco::Timespan t = seconds(settings_.timeout_seconds);
    const auto wait = std::chrono::milliseconds(static_cast<long long>(settings_.timeout_seconds * 1000));
    const Poco::Net::SocketAddress address = lookups_.resolve(host, port, wait);
    Poco::Net::StreamSocket tcp(address.family());
    Lease lease;
    lease.fd = tcp.impl()->sockfd();
    armed = std::make_unique<DeadlineWatch::Armed>(deadlines_, lease.fd, deadline);
    try {
        // A cancel that came before the arm did not cut this socket.
        if (interrupt_.raised()) throw cancelled_error();
        connect(tcp, address, wait, interrupt_);
        tcp.setReceiveTimeout(t);
        tcp.setSendTimeout(t);
        tcp.setNoDelay(true);
        if (scheme == "https")
            lease.session = std::make_unique<SessionOnSocket<Poco::Net::HTTPSClientSession>>(
                Poco::Net::SecureStreamSocket::attach(tcp, host, tls_), host, port, tls_);
        else
            lease.session = std::make_unique<SessionOnSocket<Poco::Net::HTTPClientSession>>(tcp, host, port);
    } catch (...) {
        armed->disarm(); // before `tcp` closes the socket; remembers a cut
        throw;
    }
    lease.session->setTimeout(t, t, t);
    lease.session->setKeepAlive(true);
    // Poco must never reconnect on its own (the deadline watch knows only
    // this socket): SessionOnSocket refuses a reconnect after a failed write,
    // and the keep-alive timeout is made long so that Poco never thinks a
    // connection expired; the pool drops idle connections first (max_idle_seconds).
    lease.session->setKeepAliveTimeout(Poco::Timespan(24 * 3600, 0));
    return lease;
}

void HttpClient::interrupt() {
    interrupt_.raise(); // first: an exchange armed after the cut sees it
    deadlines_.cut_all();
}

void HttpClient::resume() { interrupt_.clear(); }

HttpResponse HttpClient::send(const HttpRequest &request) {
    const Poco::URI uri = parse_url(request.url);
    const std::string server = server_of(uri);
    const std::string origin = uri.getScheme() + "://" + uri.getHost() + ":" +
                               std::to_string(uri.getPort());
    const double limit = settings_.exchange_limit_seconds();
    const Clock::time_point deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limit));
    // A cut connection is the host's cancel when interrupted, else the deadline.
    const auto cut_error = [&] { return interrupt_.raised() ? cancelled_error() : exchange_too_slow_error(server, limit); };
    for (int attempt = 1;; ++attempt) {
        if (interrupt_.raised()) throw cancelled_error();
        reset_tls_verify_error();
        Lease lease = checkout(origin);
        // Declared after the lease: disarmed before its socket can close.
        std::unique_ptr<DeadlineWatch::Armed> armed;
        try {
            if (lease.session) {
                armed = std::make_unique<DeadlineWatch::Armed>(deadlines_, lease.fd, deadline);
                if (interrupt_.raised()) throw cancelled_error(); // came before the arm
            } else
                lease = open(uri.getScheme(), uri.getHost(), uri.getPort(), deadline, armed);
            HttpResponse response = exchange(*lease.session, uri, request, server);
            // A cut connection may look like a complete answer (a body that
            // runs to the end of the connection): never trust it.
            if (armed->disarm()) throw cut_error();
            if (lease.session->getKeepAlive() && Poco::icompare(response.header("Connection"), "close") != 0)
                checkin(origin, std::move(lease));
            return response;
        } catch (const Poco::Exception &e) {
            if (armed && armed->disarm()) throw cut_error();
            // The server may have closed an idle kept-alive connection; only
            // a GET is safe to send again (a POST may already have been acted on).
            const bool slow = dynamic_cast<const Poco::TimeoutException *>(&e) != nullptr;
            if (interrupt_.raised()) throw cancelled_error();
            if (!slow && lease.reused && attempt == 1 && request.method == "GET") continue;
            throw transport_error(e, server, settings_.timeout_seconds);
        } catch (const PluginError &) {
            if (armed && armed->disarm()) throw cut_error();
            throw;
        }
    }
}

HttpResponse HttpClient::exchange(Poco::Net::HTTPClientSession &session, const Poco::URI &uri,
                                  const HttpRequest &request, const std::string &server) {
    const std::string path_and_query = uri.getPathAndQuery();
    Poco::Net::HTTPRequest req(request.method, path_and_query.empty() ? "/" : path_and_query,
                               Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto &h : request.headers) req.set(h.first, h.second);
    if (request.method == "POST") {
        Poco::Net::HTMLForm form(Poco::Net::HTMLForm::ENCODING_URL);
        for (const auto &f : request.form) form.add(f.first, f.second);
        form.prepareSubmit(req, Poco::Net::HTMLForm::OPT_USE_CONTENT_LENGTH);
        form.write(session.sendRequest(req));
    } else {
        session.sendRequest(req);
    }

    Poco::Net::HTTPResponse res;
    std::istream &in = session.receiveResponse(res);
    in.exceptions(std::ios::badbit); // let socket errors (timeouts...) surface

    const std::size_t limit = settings_.max_body_bytes;
    const Poco::Int64 announced = res.getContentLength64();
    // Thrown before the body is drained: the session is dropped, not pooled.
    const auto too_large = [&] {
        return PluginError(Status::remote_error, "response_too_large",
                           "The answer from " + server + " is larger than " +
                               (limit % (1u << 20) ? std::to_string(limit) + " bytes"
                                                   : std::to_string(limit >> 20) + " MiB") +
                               ", more than any Veracross answer should be: refused.");
    };
    if (announced != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        static_cast<Poco::UInt64>(announced) > limit)
        throw too_large();

    HttpResponse out;
    out.status = static_cast<int>(res.getStatus());
    out.reason = res.getReason();
    for (const auto &h : res) out.headers.add(h.first, h.second);
    // Room for the announced body (a page is ~500 KB), but never reserved
    // far ahead of what actually arrives.
    if (announced > 0) out.body.reserve(std::min<std::size_t>(static_cast<std::size_t>(announced), 4u << 20));
    char buffer[16384];
    while (in.read(buffer, sizeof buffer), in.gcount() > 0) {
        out.body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (out.body.size() > limit) throw too_large();
    }
    if (announced != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        static_cast<Poco::UInt64>(announced) != out.body.size()) {
        throw truncated_body_error(server);
    }
    return out;
}

} // namespace veracross

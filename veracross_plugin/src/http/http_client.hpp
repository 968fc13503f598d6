// The plugin's one HTTP(S) client, shared by connect, the importer and SSO.
//
// - TLS: see tls_context.hpp (strict verification, extra CA from config).
// - Keep-alive: idle connections are pooled per scheme/host/port and reused
//   (for at most max_idle_seconds); a GET that fails on a reused connection
//   is retried once on a new one.
// - Time: the name lookup, connect, each send and each read wait at most
//   timeout_seconds, and the whole exchange (connect, TLS handshake, request, answer) must end
//   within exchange_limit_seconds(), or the connection is cut (Status::network
//   timeout): a server that trickles cannot hold a request (exchange_deadline.hpp).
// - Redirects are never followed (a 3xx is returned like any answer), so a
//   bearer token never travels to another host.
// - Bodies larger than max_body_bytes are refused (Status::remote_error
//   response_too_large) as soon as the bound is passed, without reading on;
//   a body shorter than its Content-Length is Status::network truncated_body.
//   Headers are bounded by Poco (100 fields, 8 KiB values): more is
//   Status::remote_error malformed_answer.
// - Transport failures throw PluginError (transport_error.hpp). Any HTTP
//   status is a normal answer: callers decide what it means.
//
// Threads: send() may be called from any number of threads at once.
#pragma once

#include "http/exchange_deadline.hpp"
#include "http/interrupt.hpp"
#include "http/name_lookup.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/NameValueCollection.h>

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace Poco {
class URI;
namespace Net {
class HTTPClientSession;
}
} // namespace Poco

namespace veracross {

using HttpFields = std::vector<std::pair<std::string, std::string>>;

struct HttpSettings {
    double timeout_seconds = 30; // each wait: connect, each send, each read
    std::string tls_ca_file;     // extra trusted CAs (PEM), on top of the system's
    // A 1000-record Veracross page is a few MiB; several workers may each hold one.
    std::size_t max_body_bytes = 16u << 20;
    std::size_t max_idle_per_origin = 8;
    double max_idle_seconds = 5; // below the keep-alive timeout servers commonly use

    // The whole of one exchange: the four waits it is made of (connect with
    // TLS, send, first answer byte, body), each at its timeout.
    double exchange_limit_seconds() const { return 4 * timeout_seconds; }
};

struct HttpRequest {
    std::string method = "GET"; // GET or POST
    std::string url;            // absolute http(s) URL, query included, already encoded
    HttpFields headers;
    HttpFields form; // POST only: sent as application/x-www-form-urlencoded
};

struct HttpResponse {
    int status = 0;
    std::string reason;
    Poco::Net::NameValueCollection headers; // names compare case-insensitively
    std::string body;

    // The header's value, or "" when it is absent.
    std::string header(const std::string &name) const { return headers.get(name, ""); }
};

class HttpClient {
public:
    // Throws PluginError(Status::invalid_config) when tls_ca_file is unusable.
    // `resolver` looks up host names (tests inject one that blocks).
    explicit HttpClient(HttpSettings settings, Resolver resolver = system_resolver());
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    HttpResponse send(const HttpRequest &request);

    // The host cancelled: ends every exchange in flight at once, at any
    // point (a name lookup is abandoned, a connect stops waiting, a socket in
    // a send or read is cut), and refuses new ones (Status::cancelled) until
    // resume(). Threads: any, while send() runs; resume() when none runs.
    void interrupt();
    void resume();
    // Cuts the exchanges in flight now (Status::network, as if their
    // deadline had passed) without refusing new ones: for answers nobody
    // waits for any more. Their connections are not kept. Threads: any.
    void cut_in_flight() { deadlines_.cut_all(); }

    const HttpSettings &settings() const { return settings_; }

private:
    using Session = std::unique_ptr<Poco::Net::HTTPClientSession>;
    using Clock = DeadlineWatch::Clock;
    struct Lease {
        Session session;
        int fd = -1; // of the session's socket, for the deadline watch
        bool reused = false;
        Clock::time_point idle_since{};
    };

    // An idle connection to the origin, or an empty lease.
    Lease checkout(const std::string &origin);
    void checkin(const std::string &origin, Lease lease);
    // Connects (TCP, then TLS for https) with the handshake under the deadline.
    Lease open(const std::string &scheme, const std::string &host, unsigned short port,
               Clock::time_point deadline, std::unique_ptr<DeadlineWatch::Armed> &armed);
    HttpResponse exchange(Poco::Net::HTTPClientSession &session, const Poco::URI &uri,
                          const HttpRequest &request, const std::string &server);

    const HttpSettings settings_;
    Poco::Net::Context::Ptr tls_;
    std::mutex pool_mutex_;
    std::map<std::string, std::vector<Lease>> idle_; // by origin, most recent last
    Interrupt interrupt_;
    NameLookup lookups_;      // after interrupt_, which it waits on
    DeadlineWatch deadlines_; // last: its thread stops first
};

// "host" for default ports, "host:port" otherwise: how messages name a server.
std::string server_name(const std::string &url);

} // namespace veracross

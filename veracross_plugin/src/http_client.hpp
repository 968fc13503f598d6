// The plugin's one HTTP(S) client, shared by connect, the importer and SSO.
//
// - TLS: see tls_context.hpp (strict verification, extra CA from config).
// - Keep-alive: idle connections are pooled per scheme/host/port and reused;
//   a GET that fails on a reused connection is retried once on a new one.
// - Redirects are never followed (a 3xx is returned like any answer), so a
//   bearer token never travels to another host.
// - Bodies larger than max_body_bytes are refused (SIS_REMOTE_ERROR
//   response_too_large); a body shorter than its Content-Length is
//   SIS_NETWORK truncated_body.
// - Transport failures throw PluginError (transport_error.hpp). Any HTTP
//   status is a normal answer: callers decide what it means.
//
// Threads: send() may be called from any number of threads at once.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/NameValueCollection.h>

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace Poco::Net {
class HTTPClientSession;
}

namespace veracross {

using HttpFields = std::vector<std::pair<std::string, std::string>>;

struct HttpSettings {
    double timeout_seconds = 30; // each of connect (with TLS handshake), send, receive
    std::string tls_ca_file;     // extra trusted CAs (PEM), on top of the system's
    std::size_t max_body_bytes = 64u << 20;
    std::size_t max_idle_per_origin = 8;
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
    // Throws PluginError(SIS_INVALID_CONFIG) when tls_ca_file is unusable.
    explicit HttpClient(HttpSettings settings);
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    HttpResponse send(const HttpRequest &request);

    const HttpSettings &settings() const { return settings_; }

private:
    using Session = std::unique_ptr<Poco::Net::HTTPClientSession>;
    struct Lease {
        Session session;
        bool reused = false;
    };

    Lease checkout(const std::string &origin, const std::string &scheme, const std::string &host,
                   unsigned short port);
    void checkin(const std::string &origin, Session session);
    HttpResponse exchange(Poco::Net::HTTPClientSession &session, const std::string &path_and_query,
                          const HttpRequest &request, const std::string &server);

    const HttpSettings settings_;
    Poco::Net::Context::Ptr tls_;
    std::mutex pool_mutex_;
    std::map<std::string, std::vector<Session>> idle_; // by origin, most recent last
};

// "host" for default ports, "host:port" otherwise: how messages name a server.
std::string server_name(const std::string &url);

} // namespace veracross

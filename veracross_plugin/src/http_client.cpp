#include "http_client.hpp"

#include "plugin_error.hpp"
#include "tls_context.hpp"
#include "transport_error.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <istream>

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
    throw PluginError(SIS_INVALID_CONFIG, "invalid_url",
                      "'" + url + "' is not an http(s) address: check the base URLs in the settings");
}

} // namespace

std::string server_name(const std::string &url) { return server_of(parse_url(url)); }

HttpClient::HttpClient(HttpSettings settings)
    : settings_(std::move(settings)), tls_(make_client_tls_context(settings_.tls_ca_file)) {}

HttpClient::~HttpClient() = default;

HttpClient::Lease HttpClient::checkout(const std::string &origin, const std::string &scheme,
                                       const std::string &host, unsigned short port) {
    {
        std::lock_guard<std::mutex> lock(pool_mutex_);
        auto &idle = idle_[origin];
        if (!idle.empty()) {
            Lease lease{std::move(idle.back()), true};
            idle.pop_back();
            return lease;
        }
    }
    Session session = scheme == "https"
                          ? std::make_unique<Poco::Net::HTTPSClientSession>(host, port, tls_)
                          : std::make_unique<Poco::Net::HTTPClientSession>(host, port);
    const Poco::Timespan t = seconds(settings_.timeout_seconds);
    session->setTimeout(t, t, t);
    session->setKeepAlive(true);
    return Lease{std::move(session), false};
}

void HttpClient::checkin(const std::string &origin, Session session) {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    auto &idle = idle_[origin];
    if (idle.size() < settings_.max_idle_per_origin) idle.push_back(std::move(session));
}

HttpResponse HttpClient::send(const HttpRequest &request) {
    const Poco::URI uri = parse_url(request.url);
    const std::string server = server_of(uri);
    const std::string origin = uri.getScheme() + "://" + uri.getHost() + ":" +
                               std::to_string(uri.getPort());
    for (int attempt = 1;; ++attempt) {
        Lease lease = checkout(origin, uri.getScheme(), uri.getHost(), uri.getPort());
        reset_tls_verify_error();
        try {
            HttpResponse response = exchange(*lease.session, uri.getPathAndQuery(), request, server);
            if (lease.session->getKeepAlive() && Poco::icompare(response.header("Connection"), "close") != 0)
                checkin(origin, std::move(lease.session));
            return response;
        } catch (const Poco::TimeoutException &e) { // slow, not stale: no second try
            throw transport_error(e, server, settings_.timeout_seconds);
        } catch (const Poco::Exception &e) {
            // The server may have closed an idle kept-alive connection; only
            // a GET is safe to send again (a POST may already have been acted on).
            if (lease.reused && attempt == 1 && request.method == "GET") continue;
            throw transport_error(e, server, settings_.timeout_seconds);
        }
    }
}

HttpResponse HttpClient::exchange(Poco::Net::HTTPClientSession &session,
                                  const std::string &path_and_query, const HttpRequest &request,
                                  const std::string &server) {
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
        return PluginError(SIS_REMOTE_ERROR, "response_too_large",
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

#include "request_handler.hpp"

#include "endpoints.hpp"
#include "reply_sender.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <iostream>
#include <mutex>

namespace vcsim {

namespace {

using Handler = Reply (*)(ServerState &, const Request &);

struct Endpoint {
    const char *path; // below the route
    Handler handler;
    std::uint64_t Counters::*counter; // nullptr: counted only in `requests`
};

const Endpoint kEndpoints[] = {
    {"oauth/token", token_endpoint, &Counters::token_requests},
    {"oauth/revoke", revoke_endpoint, &Counters::revoke_requests},
    {"oauth/introspect", introspect_endpoint, &Counters::introspect_requests},
    {"oauth/authorize", authorize_endpoint, &Counters::authorize_requests},
    {"oauth/userinfo", userinfo_endpoint, &Counters::userinfo_requests},
    {"oauth/discovery/keys", jwks_endpoint, nullptr},
    {".well-known/openid-configuration", discovery_endpoint, nullptr},
};

bool is_data_path(const std::string &rest) { return rest == "v3" || rest.compare(0, 3, "v3/") == 0; }

// "v3/academics/classes/12.json" -> "academics/classes": the key of
// Counters::data_requests_by_resource, worked out from the text alone.
std::string resource_key(const std::string &rest) {
    std::string path = rest.substr(std::min<std::size_t>(3, rest.size()));
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) path.erase(path.size() - 5);
    const std::size_t slash = path.rfind('/');
    if (slash != std::string::npos && path.find_first_not_of("0123456789", slash + 1) == std::string::npos)
        path.erase(slash);
    return path;
}

SeenRequest seen(const Request &request) {
    SeenRequest out{request.method, request.rest.substr(std::min<std::size_t>(3, request.rest.size())),
                    request.query, {}};
    for (const auto &[name, value] : request.headers) out.header_names.push_back(name);
    return out;
}

Reply not_found(ServerState &, const Request &) { return data_error(404, "The requested endpoint wasn't found"); }

Request to_request(Poco::Net::HTTPServerRequest &in, const std::string &scheme, const std::string &default_host) {
    Request request;
    request.method = in.getMethod();
    const Poco::URI uri(in.getURI());
    std::string path = uri.getPath();
    path.erase(0, path.find_first_not_of('/'));
    path.erase(path.find_last_not_of('/') + 1);
    const std::size_t slash = path.find('/');
    request.route = path.substr(0, slash);
    request.rest = slash == std::string::npos ? "" : path.substr(slash + 1);
    request.query = parse_urlencoded(uri.getRawQuery());
    for (const auto &[name, value] : in) request.headers.add(name, value);
    Poco::StreamCopier::copyToString(in.stream(), request.body);
    request.base_url = scheme + "://" + (in.getHost().empty() ? default_host : in.getHost());
    return request;
}

void log_line(const Request &request, int status, const std::optional<Fault> &fault) {
    static std::mutex log_mutex; // one line at a time
    std::lock_guard lock(log_mutex);
    std::clog << "veracross-sim: " << request.method << " /" << request.route << (request.rest.empty() ? "" : "/")
              << request.rest << " -> " << status;
    if (fault) std::clog << " (fault: " << fault_kind_name(fault->kind) << ")";
    std::clog << std::endl;
}

// A data request counts as being answered (Counters::most_data_requests_at_once)
// until its answer starts out, or the handler returns without one.
class Answering {
  public:
    explicit Answering(CounterBoard *board) : board_(board) {
        if (board_) board_->data_request_began();
    }
    ~Answering() { done(); }
    Answering(const Answering &) = delete;
    Answering &operator=(const Answering &) = delete;
    void done() {
        if (board_) board_->data_request_answered();
        board_ = nullptr;
    }

  private:
    CounterBoard *board_;
};

class RequestHandler : public Poco::Net::HTTPRequestHandler {
  public:
    RequestHandler(ServerState &state, const std::string &scheme, const std::string &default_host)
        : state_(state), scheme_(scheme), default_host_(default_host) {}

    void handleRequest(Poco::Net::HTTPServerRequest &in, Poco::Net::HTTPServerResponse &out) override {
        Request request;
        try {
            request = to_request(in, scheme_, default_host_);
        } catch (const Poco::Exception &) { // e.g. a malformed URI
            out.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
            out.send();
            return;
        }
        if (request.route == "_sim") {
            send_reply(out, admin_endpoint(state_, request), std::nullopt, state_.stop_signal);
            return;
        }
        handle(request, out);
    }

  private:
    void handle(const Request &request, Poco::Net::HTTPServerResponse &out) {
        Handler handler = not_found;
        state_.counters.add(&Counters::requests);
        const bool data = is_data_path(request.rest);
        Answering answering(data ? &state_.counters : nullptr);
        if (data) {
            handler = data_endpoint;
            state_.counters.add(&Counters::data_requests);
            const std::string key = resource_key(request.rest);
            if (!key.empty()) state_.counters.add_data_request(key);
            if (state_.record_data_requests) state_.seen_requests.add(seen(request));
        }
        for (const auto &endpoint : kEndpoints)
            if (request.rest == endpoint.path) {
                handler = endpoint.handler;
                if (endpoint.counter) state_.counters.add(endpoint.counter);
            }

        const RequestFaults faults = state_.faults.on_request(request.route, request.rest, data);
        state_.counters.add(&Counters::faults_fired, static_cast<std::uint64_t>(faults.fired));
        const auto delay = state_.latency + faults.latency;
        if (delay.count() > 0 && !state_.stop_signal.sleep_for(delay)) { // stopping
            out.setKeepAlive(false);
            return;
        }
        if (faults.expire_tokens) state_.tokens.expire_all(request.route);
        const std::optional<Fault> &fault = faults.response;
        if (fault && fault->kind == FaultKind::drop) {
            out.setKeepAlive(false); // closes the connection without a response
            if (state_.log_requests) log_line(request, 0, fault);
            return;
        }

        Reply reply;
        if (fault && fault->kind == FaultKind::status) {
            reply = status_fault_reply(fault->status);
        } else {
            try {
                reply = handler(state_, request);
            } catch (const std::exception &e) {
                std::cerr << "veracross-sim: " << request.rest << ": " << e.what() << std::endl;
                reply = data_error(500, "An unknown error has occurred");
            }
        }
        if (reply.status == 429) state_.counters.add(&Counters::too_many_requests);
        if (state_.log_requests) log_line(request, reply.status, fault);
        answering.done(); // before the answer goes out: the client cannot have it yet
        send_reply(out, reply, fault, state_.stop_signal);
    }

    ServerState &state_;
    const std::string &scheme_;
    const std::string &default_host_;
};

} // namespace

RequestHandlerFactory::RequestHandlerFactory(ServerState &state, std::string scheme, std::string default_host)
    : state_(state), scheme_(std::move(scheme)), default_host_(std::move(default_host)) {}

Poco::Net::HTTPRequestHandler *RequestHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest &) {
    return new RequestHandler(state_, scheme_, default_host_);
}

} // namespace vcsim

#include "recording_relay.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace sso_test {
namespace {

// Field names whose values are secret, in forms, queries and JSON answers.
bool secret_name(const std::string &name) {
    static const std::set<std::string> names{"client_secret", "code", "code_verifier", "token",
                                             "access_token", "refresh_token", "id_token"};
    return names.count(name) > 0;
}

void remember_query(RecordingRelay &relay, const std::string &query) {
    Poco::URI uri;
    uri.setRawQuery(query);
    for (const auto &p : uri.getQueryParameters())
        if (secret_name(p.first)) relay.remember(p.second);
}

void remember_json(RecordingRelay &relay, const std::string &body) {
    try {
        const auto doc = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
        for (const auto &kv : *doc)
            if (secret_name(kv.first) && kv.second.isString()) relay.remember(kv.second.extract<std::string>());
    } catch (const std::exception &) {
    }
}

class Forward : public Poco::Net::HTTPRequestHandler {
public:
    explicit Forward(RecordingRelay &relay) : relay_(relay) {}

    void handleRequest(Poco::Net::HTTPServerRequest &in, Poco::Net::HTTPServerResponse &out) override {
        std::string body;
        Poco::StreamCopier::copyToString(in.stream(), body);
        remember_query(relay_, Poco::URI(in.getURI()).getRawQuery());
        remember_query(relay_, body);
        if (const std::string auth = in.get("Authorization", ""); auth.rfind("Bearer ", 0) == 0)
            relay_.remember(auth.substr(7));

        const Poco::URI target(relay_.target());
        Poco::Net::HTTPClientSession session(target.getHost(), target.getPort());
        Poco::Net::HTTPRequest request(in.getMethod(), in.getURI(), Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto &h : in)
            if (h.first != "Content-Length" && h.first != "Transfer-Encoding" && h.first != "Connection")
                request.set(h.first, h.second);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << body;

        Poco::Net::HTTPResponse response;
        std::string answer;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
        remember_json(relay_, answer);
        if (const std::string location = response.get("Location", ""); !location.empty())
            remember_query(relay_, Poco::URI(location).getRawQuery());

        out.setStatusAndReason(response.getStatus(), response.getReason());
        for (const auto &h : response)
            if (h.first != "Content-Length" && h.first != "Transfer-Encoding" && h.first != "Connection")
                out.set(h.first, h.second);
        out.setContentLength(static_cast<std::streamsize>(answer.size()));
        out.send() << answer;
    }

private:
    RecordingRelay &relay_;
};

class ForwardAll : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ForwardAll(RecordingRelay &relay) : relay_(relay) {}
    Poco::Net::HTTPRequestHandler *createRequestHandler(const Poco::Net::HTTPServerRequest &) override {
        return new Forward(relay_);
    }

private:
    RecordingRelay &relay_;
};

} // namespace

RecordingRelay::RecordingRelay(const std::string &target_base_url) : target_(target_base_url) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    server_ = std::make_unique<Poco::Net::HTTPServer>(new ForwardAll(*this), socket, new Poco::Net::HTTPServerParams);
    server_->start();
}

RecordingRelay::~RecordingRelay() { server_->stopAll(true); }

std::string RecordingRelay::base_url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

std::set<std::string> RecordingRelay::secrets() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return secrets_;
}

void RecordingRelay::remember(const std::string &value) {
    if (value.empty()) return;
    std::lock_guard<std::mutex> lock(mutex_);
    secrets_.insert(value);
}

} // namespace sso_test

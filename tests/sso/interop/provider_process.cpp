// Starts, drives and stops the interop provider (see provider_process.hpp).
// The provider also stops by itself when this process dies: it watches its
// parent and its standard input, which this process holds open.
#include "provider_process.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <csignal>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace interop {
namespace {

std::string json_quoted(const std::string &text) {
    std::ostringstream out;
    Poco::JSON::Stringifier::formatString(text, out);
    return out.str();
}

std::string account_json(const Account &a) {
    Poco::JSON::Object o;
    o.set("sub", a.sub);
    if (!a.email.empty()) o.set("email", a.email);
    if (!a.preferred_username.empty()) o.set("preferred_username", a.preferred_username);
    Poco::JSON::Array roles;
    for (const auto &r : a.roles) roles.add(r);
    o.set("roles", roles);
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

Poco::JSON::Object::Ptr parsed(const std::string &text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

std::string test_ca_file() { return SIS_SOURCE_DIR "/tests/certs/ca.pem"; }

ProviderProcess::ProviderProcess(const std::string &route, const std::string &client_id,
                                 const std::string &client_secret) {
    const std::string certs = SIS_SOURCE_DIR "/tests/certs/";
    const std::vector<std::string> args = {INTEROP_PROVIDER_DIR "/provider.mjs",
                                           "--route", route,
                                           "--client-id", client_id,
                                           "--client-secret", client_secret,
                                           "--cert", certs + "server.pem",
                                           "--key", certs + "server.key",
                                           "--ca", certs + "ca.pem",
                                           "--exit-on-stdin-eof"};
    handle_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(NODE_EXECUTABLE, args, INTEROP_PROVIDER_DIR, &in_, &out_, &err_));
    // The port line, read on a thread so a provider that hangs cannot hang the test.
    std::string line;
    std::thread reader([&] {
        Poco::PipeInputStream out(out_);
        std::getline(out, line);
    });
    for (int waited = 0; line.empty() && waited < 200 && Poco::Process::isRunning(*handle_); ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (line.rfind("PORT ", 0) != 0) {
        Poco::Process::kill(*handle_); // its end of the pipe closes: the reader's getline ends
        reader.join();
        std::string errors;
        Poco::PipeInputStream err(err_);
        Poco::StreamCopier::copyToString(err, errors);
        throw std::runtime_error("the interop provider did not start (was `npm ci` run in " INTEROP_PROVIDER_DIR
                                 "?): " + errors);
    }
    reader.join();
    port_ = std::stoi(line.substr(5));
}

ProviderProcess::~ProviderProcess() {
    try {
        in_.close(); // --exit-on-stdin-eof: it ends by itself
        Poco::Process::kill(*handle_);
        handle_->wait();
    } catch (const std::exception &) {
        // already gone
    }
}

std::string ProviderProcess::origin() const { return "https://127.0.0.1:" + std::to_string(port_); }

std::pair<int, std::string> ProviderProcess::send(const std::string &method, const std::string &path,
                                                  const std::string &body) {
    Poco::Net::Context::Params params;
    params.caLocation = test_ca_file();
    params.loadDefaultCAs = false;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_),
                                          new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, params));
    session.setTimeout(Poco::Timespan(20, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!body.empty()) {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream &in = session.receiveResponse(response);
    std::string answer;
    Poco::StreamCopier::copyToString(in, answer);
    return {response.getStatus(), answer};
}

Poco::JSON::Object::Ptr ProviderProcess::control(const std::string &what, const std::string &json_body) {
    const auto [status, body] = send("POST", "/_control/" + what, json_body);
    if (status != 200) throw std::runtime_error("interop provider refused /_control/" + what + ": " + body);
    return parsed(body);
}

Poco::JSON::Object::Ptr ProviderProcess::settings() {
    const auto [status, body] = send("GET", "/_control/settings", "");
    if (status != 200) throw std::runtime_error("interop provider: " + body);
    return parsed(body);
}

std::pair<int, std::string> ProviderProcess::get(const std::string &path) { return send("GET", path, ""); }

Landing ProviderProcess::browse(const std::string &authorization_url, const Account &account,
                                const std::string &consent) {
    const std::string request = "{\"authorization_url\":" + json_quoted(authorization_url) +
                                ",\"account\":" + account_json(account) + ",\"consent\":" + json_quoted(consent) +
                                "}";
    const auto answer = control("browse", request);
    Landing landing;
    landing.status = answer->getValue<int>("status");
    landing.location = answer->optValue<std::string>("location", "");
    if (answer->has("page")) {
        std::ostringstream page;
        answer->get("page").isString() ? void(page << answer->getValue<std::string>("page"))
                                       : answer->getObject("page")->stringify(page);
        landing.page = page.str();
    }
    if (!landing.location.empty())
        for (const auto &p : Poco::URI(landing.location).getQueryParameters()) landing.query[p.first] = p.second;
    return landing;
}

} // namespace interop

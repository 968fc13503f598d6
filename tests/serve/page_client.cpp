#include "page_client.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace serve_test {

std::string Answer::header(const std::string &name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

Poco::JSON::Object::Ptr Answer::json() const {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string csrf_in_page(const std::string &html) {
    const std::string marker = "name=\"csrf-token\" content=\"";
    const auto at = html.find(marker);
    if (at == std::string::npos) return {};
    const auto start = at + marker.size();
    return html.substr(start, html.find('"', start) - start);
}

PageClient::PageClient(int port) : port_(port) {}

Answer PageClient::raw(const std::string &method, const std::string &path, const std::string &body,
                       const std::string &content_type, const Headers &headers) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setHost("127.0.0.1", static_cast<Poco::UInt16>(port_));
    if (send_cookie && !cookie.empty()) request.set("Cookie", cookie);
    for (const auto &h : headers) request.set(h.first, h.second);
    if (method == "POST") {
        request.setContentType(content_type);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream &in = session.receiveResponse(response);
    Answer a;
    a.status = response.getStatus();
    for (const auto &h : response) a.headers.emplace(h.first, h.second);
    Poco::StreamCopier::copyToString(in, a.body);
    std::string record = method + " " + path + " -> " + std::to_string(a.status) + "\n";
    for (const auto &h : a.headers) record += h.first + ": " + h.second + "\n";
    transcript.push_back(record + "\n" + a.body);
    return a;
}

Answer PageClient::open_page() {
    Answer a = get("/");
    const auto set = a.headers.find("Set-Cookie");
    if (set != a.headers.end()) cookie = set->second.substr(0, set->second.find(';'));
    csrf = csrf_in_page(a.body);
    return a;
}

Answer PageClient::get(const std::string &path_and_query, const Headers &headers) {
    return raw("GET", path_and_query, "", "", headers);
}

Answer PageClient::post(const std::string &path, Fields fields, bool with_csrf, const Headers &headers) {
    if (with_csrf) fields.emplace_back("csrf_token", csrf);
    std::string body;
    for (const auto &f : fields) {
        std::string name, value;
        Poco::URI::encode(f.first, "&=+%", name);
        Poco::URI::encode(f.second, "&=+%", value);
        body += (body.empty() ? "" : "&") + name + "=" + value;
    }
    return raw("POST", path, body, "application/x-www-form-urlencoded", headers);
}

Poco::JSON::Object::Ptr PageClient::wait_idle(int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    for (;;) {
        auto state = get("/api/state").json();
        if (!state->getObject("job")->getValue<bool>("running") || std::chrono::steady_clock::now() > deadline)
            return state;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace serve_test

#include "cdp_client.hpp"

#include <Poco/Buffer.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>
#include <Poco/URI.h>

#include <sstream>
#include <stdexcept>
#include <thread>

namespace serve_test {

using Poco::JSON::Object;
using Clock = std::chrono::steady_clock;

CdpClient::CdpClient(const std::string &websocket_url) {
    const Poco::URI uri(websocket_url);
    session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTTPResponse response;
    socket_ = std::make_unique<Poco::Net::WebSocket>(*session_, request, response);
    socket_->setMaxPayloadSize(256 * 1024 * 1024); // screenshots are large
}

CdpClient::~CdpClient() {
    try {
        socket_->shutdown();
    } catch (const Poco::Exception &) {
    }
}

int CdpClient::send_command(const std::string &method, Object::Ptr params) {
    Object message;
    const int id = next_id_++;
    message.set("id", id);
    message.set("method", method);
    message.set("params", params ? params : Object::Ptr(new Object));
    std::ostringstream text;
    message.stringify(text);
    const std::string s = text.str();
    socket_->sendFrame(s.data(), static_cast<int>(s.size()), Poco::Net::WebSocket::FRAME_TEXT);
    return id;
}

void CdpClient::send(const std::string &method, Object::Ptr params) { send_command(method, std::move(params)); }

Object::Ptr CdpClient::read(std::chrono::milliseconds timeout) {
    socket_->setReceiveTimeout(Poco::Timespan(static_cast<long>(timeout.count()) * 1000));
    std::string message;
    for (;;) {
        Poco::Buffer<char> buffer(0);
        int flags = 0;
        try {
            socket_->receiveFrame(buffer, flags);
        } catch (const Poco::TimeoutException &) {
            if (message.empty()) return nullptr;
            throw std::runtime_error("DevTools: a message stopped half way");
        }
        const int opcode = flags & Poco::Net::WebSocket::FRAME_OP_BITMASK;
        if (opcode == Poco::Net::WebSocket::FRAME_OP_CLOSE) throw std::runtime_error("DevTools closed the connection");
        if (opcode == Poco::Net::WebSocket::FRAME_OP_PING || opcode == Poco::Net::WebSocket::FRAME_OP_PONG) continue;
        message.append(buffer.begin(), buffer.size());
        if (flags & Poco::Net::WebSocket::FRAME_FLAG_FIN) break;
    }
    return Poco::JSON::Parser().parse(message).extract<Object::Ptr>();
}

Object::Ptr CdpClient::call(const std::string &method, Object::Ptr params, std::chrono::milliseconds timeout) {
    const int id = send_command(method, std::move(params));
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        const auto message = read(std::chrono::milliseconds(200));
        if (!message) continue;
        if (message->has("method")) {
            events_.push_back(message);
            if (on_event) on_event(*message);
            continue;
        }
        if (message->optValue<int>("id", -1) != id) continue; // the answer to a command sent without waiting
        if (const auto error = message->getObject("error"))
            throw std::runtime_error("DevTools " + method + ": " + error->optValue<std::string>("message", "error"));
        return message->getObject("result");
    }
    throw std::runtime_error("DevTools " + method + ": no answer within " + std::to_string(timeout.count()) + " ms");
}

Object::Ptr CdpClient::wait_event(const std::string &method, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        for (auto it = events_.begin(); it != events_.end(); ++it)
            if ((*it)->getValue<std::string>("method") == method) {
                auto event = *it;
                events_.erase(it);
                return event;
            }
        if (Clock::now() >= deadline) return nullptr;
        if (const auto message = read(std::chrono::milliseconds(200)); message && message->has("method")) {
            events_.push_back(message);
            if (on_event) on_event(*message);
        }
    }
}

Poco::Dynamic::Var CdpClient::eval(const std::string &expression) {
    Object::Ptr params = new Object;
    params->set("expression", expression);
    params->set("returnByValue", true);
    params->set("awaitPromise", true);
    const auto result = call("Runtime.evaluate", params);
    if (const auto thrown = result->getObject("exceptionDetails")) {
        const auto exception = thrown->getObject("exception");
        throw std::runtime_error("JavaScript threw: " +
                                 (exception ? exception->optValue<std::string>("description", "?")
                                            : thrown->optValue<std::string>("text", "?")) +
                                 " in: " + expression);
    }
    const auto value = result->getObject("result");
    return value->has("value") ? value->get("value") : Poco::Dynamic::Var();
}

bool CdpClient::wait_until(const std::string &expression, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        try {
            const auto v = eval("!!(" + expression + ")");
            if (!v.isEmpty() && v.convert<bool>()) return true;
        } catch (const std::runtime_error &) {
            // a page in the middle of loading: try again
        }
        wait_event("__nothing__", std::chrono::milliseconds(200)); // keeps events flowing to the hook
    }
    return false;
}

} // namespace serve_test

// A Chrome DevTools Protocol client over Poco::Net::WebSocket: commands with
// their answers, and events. Events that arrive while waiting go to the
// event hook (which may send commands without waiting for their answers,
// e.g. to let a paused request go on) and to a queue for wait_event.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace Poco::Net {
class HTTPClientSession;
class WebSocket;
} // namespace Poco::Net

namespace serve_test {

class CdpClient {
public:
    explicit CdpClient(const std::string &websocket_url); // ws://127.0.0.1:PORT/devtools/page/ID
    ~CdpClient();

    // Sends a command and waits for its result. Throws std::runtime_error on
    // a protocol error or after `timeout`.
    Poco::JSON::Object::Ptr call(const std::string &method, Poco::JSON::Object::Ptr params = nullptr,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // Sends a command without waiting for its answer.
    void send(const std::string &method, Poco::JSON::Object::Ptr params = nullptr);
    // The next event named `method` (earlier ones first), or nullptr after timeout.
    Poco::JSON::Object::Ptr wait_event(const std::string &method, std::chrono::milliseconds timeout);
    // Evaluates a JavaScript expression in the page (awaiting a promise) and
    // returns its value. Throws when it throws.
    Poco::Dynamic::Var eval(const std::string &expression);
    // Evaluates `expression` every 200 ms until it is true; false after timeout.
    bool wait_until(const std::string &expression, std::chrono::milliseconds timeout);

    std::function<void(const Poco::JSON::Object &event)> on_event;

private:
    // Reads one message (waiting at most `timeout`); null when none came.
    Poco::JSON::Object::Ptr read(std::chrono::milliseconds timeout);
    int send_command(const std::string &method, Poco::JSON::Object::Ptr params);

    std::unique_ptr<Poco::Net::HTTPClientSession> session_;
    std::unique_ptr<Poco::Net::WebSocket> socket_;
    int next_id_ = 1;
    std::deque<Poco::JSON::Object::Ptr> events_;
};

} // namespace serve_test

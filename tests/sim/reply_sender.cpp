#include "reply_sender.hpp"

#include <Poco/Net/HTTPResponse.h>

#include <algorithm>

namespace vcsim {

Reply status_fault_reply(int status) {
    if (status == 429) return data_error(429, "Too Many Requests");
    if (status == 500) return data_error(500, "An unknown error has occurred");
    const std::string reason = Poco::Net::HTTPResponse::getReasonForStatus(Poco::Net::HTTPResponse::HTTPStatus(status));
    const std::string title = std::to_string(status) + " " + reason;
    return html_reply(status, title, "<h1>" + html_escape(title) + "</h1>");
}

void send_reply(Poco::Net::HTTPServerResponse &response, const Reply &reply,
                const std::optional<Fault> &body_fault, StopSignal &stop_signal) {
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTPStatus(reply.status));
    for (const auto &[name, value] : reply.headers) response.add(name, value);
    if (!reply.content_type.empty()) response.setContentType(reply.content_type);
    const FaultKind kind = body_fault ? body_fault->kind : FaultKind::status;

    if (kind == FaultKind::invalid_json) {
        // A proper prefix of a JSON object is never valid JSON.
        std::string broken = reply.body.empty() ? "{" : reply.body.substr(0, reply.body.size() / 2);
        response.sendBuffer(broken.data(), broken.size());
    } else if (kind == FaultKind::truncate) {
        // Announce every byte (at least one), send half, and let the server close the connection.
        response.setKeepAlive(false);
        response.setContentLength64(static_cast<Poco::Int64>(std::max<std::size_t>(reply.body.size(), 1)));
        std::ostream &out = response.send();
        out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size() / 2));
        out.flush();
    } else if (kind == FaultKind::trickle) {
        response.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
        std::ostream &out = response.send();
        const auto chunk = static_cast<std::size_t>(body_fault->chunk_bytes);
        for (std::size_t sent = 0; sent < reply.body.size() && out; sent += chunk) {
            if (sent > 0 && !stop_signal.sleep_for(std::chrono::milliseconds(body_fault->pause_ms))) break;
            out.write(reply.body.data() + sent, static_cast<std::streamsize>(std::min(chunk, reply.body.size() - sent)));
            out.flush();
        }
    } else {
        response.sendBuffer(reply.body.data(), reply.body.size());
    }
}

} // namespace vcsim

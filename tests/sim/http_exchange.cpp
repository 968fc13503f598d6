#include "http_exchange.hpp"

#include <Poco/String.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <sstream>

namespace vcsim {

Params parse_urlencoded(const std::string &text) {
    Params params;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('&', start);
        if (end == std::string::npos) end = text.size();
        std::string pair = text.substr(start, end - start);
        if (!pair.empty()) {
            // '+' is a space in this encoding (Poco's decode only knows that after a '?').
            std::replace(pair.begin(), pair.end(), '+', ' ');
            std::size_t eq = pair.find('=');
            std::string name, value;
            Poco::URI::decode(pair.substr(0, eq), name);
            if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), value);
            params.emplace_back(std::move(name), std::move(value));
        }
        start = end + 1;
    }
    return params;
}

std::string param(const Params &params, const std::string &name) {
    std::string value;
    for (const auto &[key, v] : params)
        if (key == name) value = v;
    return value;
}

bool has_param(const Params &params, const std::string &name) {
    for (const auto &entry : params)
        if (entry.first == name) return true;
    return false;
}

Reply json_reply(int status, const Poco::JSON::Object::Ptr &body) {
    std::ostringstream out;
    body->stringify(out);
    return json_reply(status, out.str());
}

Reply json_reply(int status, std::string body) {
    Reply reply;
    reply.status = status;
    reply.content_type = kJsonType;
    reply.body = std::move(body);
    return reply;
}

Reply empty_reply(int status) {
    Reply reply;
    reply.status = status;
    return reply;
}

Reply html_reply(int status, const std::string &title, const std::string &body_html) {
    Reply reply;
    reply.status = status;
    reply.content_type = "text/html; charset=utf-8";
    reply.body = "<!DOCTYPE html>\n<html><head><title>" + html_escape(title) +
                 "</title></head>\n<body>\n" + body_html + "\n</body></html>\n";
    return reply;
}

std::string new_error_id() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

Reply data_error(int status, const std::string &text) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(true);
    body->set("error", text);
    body->set("error_id", new_error_id());
    return json_reply(status, body);
}

Reply oauth_error(int status, const std::string &error, const std::string &description) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(true);
    body->set("error", error);
    body->set("error_description", description);
    body->set("error_id", new_error_id());
    Reply reply = json_reply(status, body);
    reply.headers.emplace_back("Cache-Control", "no-store");
    return reply;
}

std::string html_escape(const std::string &text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string media_type(const std::string &content_type) {
    return Poco::toLower(Poco::trim(content_type.substr(0, content_type.find(';'))));
}

} // namespace vcsim

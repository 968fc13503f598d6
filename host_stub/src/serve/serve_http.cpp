#include "serve/serve_http.hpp"

#include "serve/serve_workspace.hpp"

#include <Poco/Net/NameValueCollection.h>

#include <sstream>

namespace sis_cli {

void add_page_headers(Poco::Net::HTTPServerResponse &response) {
    response.set("Cache-Control", "no-store");
    response.set("Referrer-Policy", "same-origin");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("X-Frame-Options", "DENY");
    response.set("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
}

void send_body(Poco::Net::HTTPServerResponse &response, int status, const std::string &content_type,
               const std::string &body) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(content_type);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send().write(body.data(), static_cast<std::streamsize>(body.size()));
}

void send_json(Poco::Net::HTTPServerResponse &response, int status, const Poco::JSON::Object &body) {
    std::ostringstream text;
    body.stringify(text);
    send_body(response, status, "application/json; charset=utf-8", text.str());
}

void send_json_error(Poco::Net::HTTPServerResponse &response, int status, const std::string &message) {
    Poco::JSON::Object body;
    body.set("error", message);
    send_json(response, status, body);
}

std::string html_escape(const std::string &text) {
    std::string out;
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

void send_html_message(Poco::Net::HTTPServerResponse &response, int status, const std::string &title,
                       const std::string &message, const std::string &refresh_to) {
    std::string html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
    if (!refresh_to.empty())
        html += "<meta http-equiv=\"refresh\" content=\"0; url=" + html_escape(refresh_to) + "\">";
    html += "<title>" + html_escape(title) + "</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\n"
            "<body><main><h1>" + html_escape(title) + "</h1><p id=\"message\">" + html_escape(message) +
            "</p><p><a href=\"/\">Back to the admin page</a></p></main></body></html>\n";
    send_body(response, status, "text/html; charset=utf-8", html);
}

bool host_is_ours(const Poco::Net::HTTPServerRequest &request, int port) {
    const std::string host = request.get("Host", "");
    const std::string p = ":" + std::to_string(port);
    return host == "127.0.0.1" + p || host == "localhost" + p;
}

bool origin_is_ours(const Poco::Net::HTTPServerRequest &request, int port) {
    if (!request.has("Origin")) return true; // not a browser's cross-origin request
    const std::string origin = request.get("Origin");
    const std::string p = ":" + std::to_string(port);
    return origin == "http://127.0.0.1" + p || origin == "http://localhost" + p;
}

std::string session_cookie(const Poco::Net::HTTPServerRequest &request, const std::string &name) {
    Poco::Net::NameValueCollection cookies;
    request.getCookies(cookies);
    return cookies.get(name, "");
}

std::string session_cookie_header(const std::string &name, const std::string &value) {
    return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
}

void read_form(Poco::Net::HTTPServerRequest &request, Poco::Net::HTMLForm &form) {
    const std::string type = request.getContentType();
    if (type.rfind("application/x-www-form-urlencoded", 0) != 0)
        throw PageError(415, "send the form as application/x-www-form-urlencoded");
    std::string body(kMaxFormBytes + 1, '\0');
    std::istream &in = request.stream();
    in.read(&body[0], static_cast<std::streamsize>(body.size()));
    body.resize(static_cast<std::size_t>(in.gcount()));
    if (body.size() > kMaxFormBytes) {
        // Read (and drop) a little more, so that the client, still sending,
        // gets the answer rather than a reset connection.
        in.ignore(1024 * 1024);
        throw PageError(413, "the form is too large (64 KiB at most)");
    }
    form.setFieldLimit(500);
    try {
        form.read(body);
    } catch (const Poco::Exception &e) {
        throw PageError(400, "the form could not be read: " + e.message());
    }
}

std::vector<std::string> form_values(const Poco::Net::HTMLForm &form, const std::string &name) {
    std::vector<std::string> values;
    for (auto it = form.find(name); it != form.end() && Poco::icompare(it->first, name) == 0; ++it)
        values.push_back(it->second);
    return values;
}

std::vector<std::string> comma_list(const std::string &text) {
    std::vector<std::string> items;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        const auto b = item.find_first_not_of(" \t\r\n");
        const auto e = item.find_last_not_of(" \t\r\n");
        if (b != std::string::npos) items.push_back(item.substr(b, e - b + 1));
    }
    return items;
}

} // namespace sis_cli

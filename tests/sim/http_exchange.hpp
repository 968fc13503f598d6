// One request and its reply as plain values, so every endpoint is a function
// Request -> Reply and faults can rework a reply before it is sent.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/NameValueCollection.h>

#include <string>
#include <utility>
#include <vector>

namespace vcsim {

using Params = std::vector<std::pair<std::string, std::string>>; // decoded, in order

struct Request {
    std::string method;
    std::string route;        // first path segment
    std::string rest;         // the path below the route, without surrounding slashes
    Params query;
    Poco::Net::NameValueCollection headers; // case-insensitive names
    std::string body;
    std::string base_url;     // scheme and Host the request came in on: "https://127.0.0.1:PORT"

    std::string header(const std::string &name) const { return headers.get(name, ""); }
};

struct Reply {
    int status = 200;
    std::string content_type;
    Params headers;
    std::string body;
};

inline constexpr const char *kJsonType = "application/json; charset=utf-8";

// Decodes "a=1&b=x+y" (application/x-www-form-urlencoded, also used for queries).
Params parse_urlencoded(const std::string &text);
// The last value of `name`, or "" when absent.
std::string param(const Params &params, const std::string &name);
bool has_param(const Params &params, const std::string &name);

Reply json_reply(int status, const Poco::JSON::Object::Ptr &body);
Reply json_reply(int status, std::string body);
Reply empty_reply(int status);
Reply html_reply(int status, const std::string &title, const std::string &body_html);

// A fresh id for `error_id` fields (a random UUID, as support ids look).
std::string new_error_id();
// Data API error body: {"error": text, "error_id": ...}.
Reply data_error(int status, const std::string &text);
// Authorization API error body: {"error", "error_description", "error_id"}.
Reply oauth_error(int status, const std::string &error, const std::string &description);

std::string html_escape(const std::string &text);
// The media type of a Content-Type value, lower-cased, without parameters.
std::string media_type(const std::string &content_type);

} // namespace vcsim

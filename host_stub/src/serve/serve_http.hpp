// HTTP plumbing of the admin page: the headers every answer carries, the
// checks every request passes (loopback Host, same Origin, session cookie,
// CSRF token) and reading a bounded form body.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>
#include <vector>

namespace sis_cli {

constexpr std::size_t kMaxFormBytes = 64 * 1024;

// Security and cache headers: no caching (answers may hold rosters), no
// Referer to other sites (the SSO callback's URL holds a code; same-origin
// rather than no-referrer, which would make the browser send "Origin: null"
// with our own forms), no framing, scripts and styles only from this server.
void add_page_headers(Poco::Net::HTTPServerResponse &response);

void send_body(Poco::Net::HTTPServerResponse &response, int status, const std::string &content_type,
               const std::string &body);
void send_json(Poco::Net::HTTPServerResponse &response, int status, const Poco::JSON::Object &body);
// {"error": message} for the page's script.
void send_json_error(Poco::Net::HTTPServerResponse &response, int status, const std::string &message);
// A small HTML page with a message and a way back to the admin page.
void send_html_message(Poco::Net::HTTPServerResponse &response, int status, const std::string &title,
                       const std::string &message, const std::string &refresh_to = "");

std::string html_escape(const std::string &text);

// "127.0.0.1:PORT" or "localhost:PORT": anything else (a DNS rebinding
// attack, a proxy) is refused.
bool host_is_ours(const Poco::Net::HTTPServerRequest &request, int port);
// No Origin header, or this server's own origin.
bool origin_is_ours(const Poco::Net::HTTPServerRequest &request, int port);

std::string session_cookie(const Poco::Net::HTTPServerRequest &request, const std::string &name);
// HttpOnly, SameSite=Strict, the whole site; no Max-Age: it ends with the browser.
std::string session_cookie_header(const std::string &name, const std::string &value);

// Reads an application/x-www-form-urlencoded body of at most kMaxFormBytes into `form`.
// Throws PageError(413/415/400) saying what is wrong.
void read_form(Poco::Net::HTTPServerRequest &request, Poco::Net::HTMLForm &form);
// Every value of a field, in order (checkboxes and multi-selects repeat it).
std::vector<std::string> form_values(const Poco::Net::HTMLForm &form, const std::string &name);
// A comma-separated text field as a list, without blanks.
std::vector<std::string> comma_list(const std::string &text);

} // namespace sis_cli

// A browser without a browser, for the server tests: HTTP requests to the
// admin page that keep its session cookie and CSRF token, and a transcript
// of every answer (status line, headers, body) for the secrets scan.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace serve_test {

struct Answer {
    int status = 0;
    std::multimap<std::string, std::string> headers;
    std::string body;
    std::string header(const std::string &name) const; // the first, or ""
    Poco::JSON::Object::Ptr json() const;               // the body parsed
};

using Fields = std::vector<std::pair<std::string, std::string>>;
using Headers = std::vector<std::pair<std::string, std::string>>;

class PageClient {
public:
    explicit PageClient(int port);

    // GET / : takes the session cookie it sets and the page's CSRF token.
    Answer open_page();
    Answer get(const std::string &path_and_query, const Headers &headers = {});
    // A form POST; the CSRF token is added unless `with_csrf` is false.
    Answer post(const std::string &path, Fields fields, bool with_csrf = true, const Headers &headers = {});
    Answer raw(const std::string &method, const std::string &path, const std::string &body,
               const std::string &content_type, const Headers &headers = {});

    // GET /api/state until no job runs (at most `seconds`).
    Poco::JSON::Object::Ptr wait_idle(int seconds = 60);

    std::string cookie;     // "sis_admin_session=..." or empty
    std::string csrf;       // the page's token
    bool send_cookie = true;
    std::vector<std::string> transcript;

private:
    int port_;
};

// The value of <meta name="csrf-token" content="..."> in a page.
std::string csrf_in_page(const std::string &html);

} // namespace serve_test

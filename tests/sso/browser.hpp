// The user's browser in SSO tests: it opens the authorization URL begin
// returned, logs in as a school user (the simulator's login_as), and
// reports where Veracross sent it back.
#pragma once

#include <map>
#include <string>

namespace sso_test {

struct Landing {
    int status = 0;
    std::string location; // the redirect Veracross answered with, if any
    std::string body;     // the page, when Veracross showed one (an error, a login form)
    std::map<std::string, std::string> query; // of location, decoded
};

// GETs `authorization_url` + "&login_as=<login_as>" over HTTP or HTTPS
// (trusting the simulator's test CA), without following the redirect.
Landing open_authorization_url(const std::string &authorization_url, const std::string &login_as);

// The decoded query parameters of a URL.
std::map<std::string, std::string> query_of(const std::string &url);

} // namespace sso_test

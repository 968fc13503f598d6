// The school connection settings an admin enters, checked and normalised.
#pragma once

#include <string>
#include <vector>

namespace veracross {

struct Config {
    std::string school_route; // normalised from school_domain
    std::string client_id;
    std::string client_secret; // never logged, never echoed
    std::string integration_type; // imports | sso | imports_and_sso
    std::string accounts_base_url = "https://accounts.veracross.com";
    std::string api_base_url = "https://api.veracross.com";
    double timeout_seconds = 30;         // per request: connect, send, receive
    std::string tls_ca_file;             // extra CA bundle (PEM); empty = system store
    std::vector<std::string> sso_redirect_urls; // the school's; default: the manifest's
    std::string sso_scope = "sso";       // sso | openid
    std::string sso_match = "email";     // email | email_or_username: how a login finds its roster person
    // At most this many Data API requests of one school at once: pages of
    // every collection and of one collection share them (a polite client).
    int max_requests_in_flight = 8;
};

// Parses the config JSON of `create`. Throws PluginError(Status::invalid_config)
// naming the field and what to enter instead.
Config parse_config(const std::string &json);

// "MySchool", "https://axiom.veracross.com/myschool/", "accounts.veracross.com/myschool",
// a Portals URL... -> "myschool". Throws PluginError naming school_domain.
std::string normalise_school_domain(const std::string &entered);

} // namespace veracross

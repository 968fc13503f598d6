// Who logged in, from the verified id_token claims or from userinfo (the
// same claims). `sub` is unique only within one school, so the login's
// stable key is route + ":" + sub; it is not the Data API person id.
#pragma once

#include "config/config.hpp"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace veracross {

struct SsoIdentity {
    std::string sub;
    std::string display_name; // preferred_username: format set by the school, for display
    std::string email;        // "" when Veracross has none
    std::vector<std::string> roles;
    std::string verified_by; // id_token | userinfo
};

SsoIdentity identity_from_claims(const Poco::JSON::Object &claims, const std::string &verified_by);

// {id, sub, school_route, email, display_name, roles, verified_by}
Poco::JSON::Object::Ptr identity_json(const SsoIdentity &identity, const Config &config);

} // namespace veracross

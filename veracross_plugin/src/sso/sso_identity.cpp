#include "sso/sso_identity.hpp"

#include "common/json_text.hpp"

#include <Poco/JSON/Array.h>

namespace veracross {
namespace {

std::string text_claim(const Poco::JSON::Object &claims, const std::string &name) {
    return claims.has(name) && claims.get(name).isString() ? claims.getValue<std::string>(name) : std::string();
}

// roles is a list of names, or null (before 2023-07); a lone string counts as one role
// (how Veracross would separate several in one string is not documented).
std::vector<std::string> claimed_roles(const Poco::JSON::Object &claims) {
    std::vector<std::string> roles;
    if (const auto list = claims.getArray("roles")) {
        for (const auto &role : *list)
            if (role.isString()) roles.push_back(role.extract<std::string>());
    } else if (const std::string role = text_claim(claims, "roles"); !role.empty()) {
        roles.push_back(role);
    }
    return roles;
}

} // namespace

SsoIdentity identity_from_claims(const Poco::JSON::Object &claims, const std::string &verified_by) {
    // preferred_username is for display; a provider that gives none is shown by email, or sub.
    std::string display_name = text_claim(claims, "preferred_username");
    if (display_name.empty()) display_name = text_claim(claims, "email");
    if (display_name.empty()) display_name = text_claim(claims, "sub");
    return {text_claim(claims, "sub"), display_name, text_claim(claims, "email"), claimed_roles(claims), verified_by};
}

Poco::JSON::Object::Ptr identity_json(const SsoIdentity &identity, const Config &config) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("id", config.school_route + ":" + identity.sub);
    o->set("sub", identity.sub);
    o->set("school_route", config.school_route);
    o->set("email", identity.email.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(identity.email));
    o->set("display_name", identity.display_name);
    o->set("roles", json_list(identity.roles));
    o->set("verified_by", identity.verified_by);
    return o;
}

} // namespace veracross

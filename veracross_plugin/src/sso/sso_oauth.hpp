// The accounts host's endpoints for a user's login: the authorization code
// exchange (with the PKCE verifier), userinfo, and revoking the user's
// tokens once the identity is known (pickAtime keeps none: a Veracross
// refresh token would otherwise stay valid for ever).
#pragma once

#include "config/config.hpp"
#include "common/host_services.hpp"
#include "http/http_client.hpp"
#include "sso/login_context.hpp"

#include <Poco/JSON/Object.h>

#include <string>

namespace veracross {

// Secret, every field: never log them, never put them in a result.
struct UserTokens {
    std::string access_token;
    std::string id_token; // openid only
};

// POST /{route}/oauth/token, grant_type=authorization_code. Not retried: a
// code is single-use. Throws PluginError: code_expired_or_used,
// invalid_client, unknown_school_route, rate_limited, remote errors.
UserTokens exchange_code(HttpClient &http, const Config &config, const HostServices &host, const std::string &code,
                         const LoginContext &context);

// GET /{route}/oauth/userinfo: {sub, preferred_username, email, roles}.
// Throws PluginError: sso_scope_not_enabled (403), remote errors.
Poco::JSON::Object::Ptr fetch_userinfo(HttpClient &http, const Config &config, const HostServices &host,
                                       const std::string &access_token, const std::string &scope);

// POST /{route}/oauth/revoke; best effort (a warning in the log on failure).
void revoke_user_token(HttpClient &http, const Config &config, const HostServices &host,
                       const std::string &access_token) noexcept;

} // namespace veracross

// The single sign-on failures an admin or a user can act on, each with its
// own code (docs/sso.md lists them). The login context and the id_token
// report their own (login_context.hpp, sso_id_token.hpp). No message ever holds
// a code, token, secret or verifier.
#pragma once

#include "common/plugin_error.hpp"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace veracross {

// Status::invalid_config redirect_url_not_allowed: names the allowed URLs and
// where to register them in Axiom (setup guide step 7).
PluginError redirect_url_not_allowed(const std::string &redirect_url, const std::vector<std::string> &allowed);

// Status::missing_scopes sso_scope_not_enabled: the OAuth application lacks
// `scope` (sso or openid), so Veracross would refuse every login.
PluginError sso_scope_not_enabled(const std::string &scope);

// Status::auth_failed login_cancelled: the user said no (error=access_denied).
PluginError login_cancelled();

// Status::auth_failed login_refused: Veracross sent back another OAuth error.
PluginError login_refused(const std::string &oauth_error);

// Status::auth_failed state_mismatch: the callback does not belong to this login.
PluginError state_mismatch();

// Status::auth_failed code_expired_or_used: Veracross said invalid_grant.
PluginError code_expired_or_used();

// Status::auth_failed invalid_client: Veracross refused the client id or secret.
PluginError sso_client_refused(const std::string &school_route);

// Status::auth_failed issuer_mismatch: the callback's `iss` (RFC 9207) is not
// the school's issuer: the code may be another provider's, so it is not used.
PluginError callback_issuer_mismatch(const std::string &iss, const std::string &issuer);

// Status::auth_failed userinfo_mismatch: userinfo's sub is not the id_token's.
PluginError userinfo_about_another_user();

// Userinfo answered 403. `granted`: the scope the login asked for.
// Status::missing_scopes sso_scope_not_enabled only when the answer names a
// scope the login lacks that the school can enable; Status::invalid_config
// userinfo_needs_openid when it names openid (a standard provider, sso_scope
// sso); else Status::remote_error userinfo_refused, claiming no missing scope.
PluginError userinfo_refused(const std::string &error, const std::string &scopes_named, const std::string &granted);

// Status::not_found user_not_in_roster; details carry the identity.
PluginError user_not_in_roster(const Poco::JSON::Object::Ptr &identity);


} // namespace veracross

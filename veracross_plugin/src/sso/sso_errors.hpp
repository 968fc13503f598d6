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

// Status::not_found user_not_in_roster; details carry the identity.
PluginError user_not_in_roster(const Poco::JSON::Object::Ptr &identity);

// Status::not_found user_ambiguous_in_roster: several people share the user's
// email and none has the user's username; details carry their ids.
PluginError user_ambiguous_in_roster(const Poco::JSON::Object::Ptr &identity, const std::vector<std::string> &ids);

} // namespace veracross

// Complete: the browser came back. Check the login context, the callback's
// state and issuer (RFC 9207), exchange the code (with the PKCE verifier),
// then learn who logged in: from the fully checked id_token (openid; its
// user claims from userinfo when it has none) or from userinfo (sso). The
// user's token is revoked at once; only the identity leaves the plugin.
#include "operations/sso_flow.hpp"

#include "oidc/sso_id_token.hpp"
#include "common/json_text.hpp"
#include "sso/login_context.hpp"
#include "operations/school_connection.hpp"
#include "oidc/sso_crypto.hpp"
#include "sso/sso_errors.hpp"
#include "sso/sso_identity.hpp"
#include "sso/sso_oauth.hpp"
#include "sso/sso_roster_match.hpp"
#include "oidc/sso_signing_keys.hpp"
#include "oidc/oidc_discovery.hpp"
#include "http/retry.hpp"

#include <optional>

namespace veracross {
namespace {

// What came to the redirect URL: {code, state[, iss]} or {error, error_description}.
struct Callback {
    std::string code, state, error, iss;
};

Callback read_callback(const Poco::JSON::Object &request) {
    const auto query = request.getObject("callback_query");
    if (!query) throw invalid_config("callback_query", "is missing from the sso request (it must be an object)");
    const auto text = [&](const std::string &name) {
        if (!query->has(name) || query->isNull(name)) return std::string();
        if (!query->get(name).isString()) throw invalid_config("callback_query." + name, "must be text");
        return query->getValue<std::string>(name);
    };
    Callback callback{text("code"), text("state"), text("error"), text("iss")};
    if (callback.error.empty() && callback.code.empty())
        throw invalid_config("callback_query", "has neither code nor error: pass the query of the URL the "
                                               "browser came back to");
    return callback;
}

// The school's discovery document (its issuer checked), when the login needs
// it: kept for minutes (oidc_discovery.hpp), fetched at most once a login.
class LazyDiscovery {
public:
    explicit LazyDiscovery(SchoolConnection &c) : c_(c) {}
    const OidcDiscovery &get() {
        if (!doc_) {
            RetryPolicy idempotent_get;
            idempotent_get.max_attempts = 3;
            doc_ = with_retries(idempotent_get, c_.host(),
                                [&] { return kept_oidc_discovery(c_.http(), c_.config(), c_.host()); });
        }
        return *doc_;
    }

private:
    SchoolConnection &c_;
    std::optional<OidcDiscovery> doc_;
};

// openid: the fully checked id_token says who; when it carries none of the
// user's claims (OIDC Core 5.4 lets providers keep them for userinfo), they
// come from userinfo, which must be about the same user (Core 5.3.2).
SsoIdentity identify_openid(SchoolConnection &c, const UserTokens &tokens, const LoginContext &login,
                            LazyDiscovery &discovery) {
    const Config &config = c.config();
    if (tokens.id_token.empty())
        throw PluginError(Status::auth_failed, "id_token_invalid",
                          "Veracross answered an OpenID Connect login without an id_token. Ask the user to log "
                          "in again; if it keeps happening, contact Veracross support.");
    IdTokenExpectations expected;
    expected.issuer = discovery.get().issuer;
    expected.audience = config.client_id;
    expected.nonce = login.nonce;
    expected.now = std::chrono::system_clock::now();
    const auto claims = verify_id_token(tokens.id_token, expected, [&](const std::string &kid) {
        return find_signing_key(c.http(), config, c.host(), discovery.get(), kid);
    });
    if (claims->has("email")) return identity_from_claims(*claims, "id_token");

    const auto info = fetch_userinfo(c.http(), config, c.host(), tokens.access_token, login.scope);
    const SsoIdentity from_token = identity_from_claims(*claims, "id_token");
    SsoIdentity identity = identity_from_claims(*info, "id_token+userinfo");
    if (!equal_constant_time(identity.sub, from_token.sub)) throw userinfo_about_another_user();
    return identity;
}

// RFC 9207: a callback that names its issuer must name this school's, or the
// code may be another provider's (a mix-up attack); it is then sent nowhere.
void check_callback_issuer(const Callback &callback, LazyDiscovery &discovery) {
    if (callback.iss.empty()) return; // Veracross does not document sending one
    if (callback.iss != discovery.get().issuer) throw callback_issuer_mismatch(callback.iss, discovery.get().issuer);
}

} // namespace

std::string sso_complete(SchoolConnection &c, const Poco::JSON::Object &request) {
    const Config &config = c.config();
    const LoginContext login =
        open_login_context(config, request_text(request, "login_context"), std::chrono::system_clock::now());
    const Callback callback = read_callback(request);
    // An error grants nothing, so it is told before the state is compared.
    if (callback.error == "access_denied") throw login_cancelled();
    if (!callback.error.empty()) throw login_refused(callback.error);
    if (!equal_constant_time(callback.state, login.state)) throw state_mismatch();
    LazyDiscovery discovery(c);
    check_callback_issuer(callback, discovery);

    const UserTokens tokens = exchange_code(c.http(), config, c.host(), callback.code, login);
    SsoIdentity identity;
    try {
        identity = login.scope == "openid"
                       ? identify_openid(c, tokens, login, discovery)
                       : identity_from_claims(*fetch_userinfo(c.http(), config, c.host(), tokens.access_token,
                                                              login.scope),
                                              "userinfo");
    } catch (...) {
        revoke_user_token(c.http(), config, c.host(), tokens.access_token);
        throw;
    }
    revoke_user_token(c.http(), config, c.host(), tokens.access_token);

    const auto who = identity_json(identity, config);
    c.host().log(LogLevel::info, "Veracross logged in " + who->getValue<std::string>("id") + " (checked by " +
                                   identity.verified_by + ")");
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    result->set("action", "complete");
    result->set("identity", who);
    if (request.has("roster")) {
        const auto roster = request.getObject("roster");
        if (!roster) throw invalid_config("roster", "must be the roster document import_event returned");
        add_roster_match(identity, *roster, who, config.sso_match, *result);
    }
    return to_json_text(result);
}

} // namespace veracross

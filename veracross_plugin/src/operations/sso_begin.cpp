// Begin: check the redirect URL and the application's scope, then send the
// user to Veracross with a fresh state, nonce (openid) and PKCE challenge,
// all remembered in the sealed login context. An sso login also asks for
// openid when the application has it (auth/openid_probe.hpp says why).
#include "operations/sso_flow.hpp"

#include "common/json_text.hpp"
#include "sso/login_context.hpp"
#include "config/plugin_manifest.hpp"
#include "operations/school_connection.hpp"
#include "auth/openid_probe.hpp"
#include "auth/scope_search.hpp"
#include "oidc/sso_crypto.hpp"
#include "sso/sso_errors.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace veracross {
namespace {

// 32 random bytes: 256 bits for state, nonce and the PKCE verifier (RFC 7636 asks for at least 256).
constexpr std::size_t kRandomBytes = 32;

// Percent-encodes all but RFC 3986's unreserved characters.
std::string url_encoded(const std::string &text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        }
    }
    return out;
}

// Allowed: pickAtime's own redirect URLs (manifest) that this school also lists (config).
void check_redirect_url(const Config &config, const std::string &redirect_url) {
    const std::vector<std::string> &ours = PluginManifest::get().sso_redirect_urls();
    std::vector<std::string> allowed;
    for (const auto &url : config.sso_redirect_urls)
        if (std::find(ours.begin(), ours.end(), url) != ours.end()) allowed.push_back(url);
    if (std::find(allowed.begin(), allowed.end(), redirect_url) == allowed.end())
        throw redirect_url_not_allowed(redirect_url, allowed);
}

// Veracross shows a scope it does not allow as an error page the plugin
// never sees, so the scope is checked here: the instance's client-credentials
// token asks for it (and is reused for an hour, by imports too).
void check_sso_scope(SchoolConnection &c) {
    const std::string &scope = c.config().sso_scope;
    try {
        c.tokens().token();
    } catch (const PluginError &e) {
        if (e.status() != Status::missing_scopes) throw;
        const auto grants = c.tokens().grants();
        if (!grants || has_scope(grants->refused, scope)) throw sso_scope_not_enabled(scope);
        // Only import scopes are missing: logins still work.
    }
}

} // namespace

std::string sso_begin(SchoolConnection &c, const Poco::JSON::Object &request) {
    const Config &config = c.config();
    const std::string redirect_url = request_text(request, "redirect_url");
    check_redirect_url(config, redirect_url);
    check_sso_scope(c);

    LoginContext login;
    login.state = random_token(kRandomBytes);
    if (config.sso_scope == "openid") login.nonce = random_token(kRandomBytes);
    login.code_verifier = random_token(kRandomBytes);
    login.redirect_url = redirect_url;
    // sso: userinfo per Veracross; a standard provider also wants openid for it.
    login.scope = config.sso_scope == "sso" && application_has_openid(c.http(), config, c.host()) ? "sso openid"
                                                                                                   : config.sso_scope;
    login.created_at = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();

    std::string url = config.accounts_base_url + "/" + config.school_route + "/oauth/authorize" +
                      "?response_type=code&client_id=" + url_encoded(config.client_id) +
                      "&redirect_uri=" + url_encoded(redirect_url) + "&scope=" + url_encoded(login.scope) +
                      "&state=" + url_encoded(login.state);
    if (!login.nonce.empty()) url += "&nonce=" + url_encoded(login.nonce);
    url += "&code_challenge=" + base64url_encode(sha256(login.code_verifier)) + "&code_challenge_method=S256";

    c.host().log(LogLevel::info, "Sending the user to Veracross to log in (school route '" + config.school_route +
                                   "', scope " + login.scope + ", back to " + redirect_url + ")");
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    result->set("action", "begin");
    result->set("authorization_url", url);
    result->set("login_context", seal_login_context(config, login));
    result->set("redirect_url", redirect_url);
    result->set("scope", login.scope);
    result->set("expires_in", static_cast<int>(kLoginContextLifetime.count()));
    return to_json_text(result);
}

} // namespace veracross

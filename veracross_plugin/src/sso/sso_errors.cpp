#include "sso/sso_errors.hpp"

#include "common/json_text.hpp"
#include "config/plugin_manifest.hpp"
#include "http/remote_response.hpp"

#include <cctype>

namespace veracross {
namespace {

std::string joined(const std::vector<std::string> &items, const std::string &last_separator) {
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i)
        s += (i == 0 ? "" : i + 1 == items.size() ? last_separator : ", ") + items[i];
    return s;
}

const char *const kStartAgain = "Ask the user to start the login again.";

std::string who(const Poco::JSON::Object::Ptr &identity) {
    const std::string name = identity->optValue<std::string>("display_name", "");
    const std::string email = identity->isNull("email") ? "" : identity->optValue<std::string>("email", "");
    return name + (email.empty() ? "" : " (" + email + ")");
}

} // namespace

PluginError redirect_url_not_allowed(const std::string &redirect_url, const std::vector<std::string> &allowed) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("field", "redirect_url");
    d->set("allowed_redirect_urls", json_list(allowed));
    const std::vector<std::string> &ours = PluginManifest::get().sso_redirect_urls();
    return PluginError(
        Status::invalid_config, "redirect_url_not_allowed",
        "redirect_url: '" + quoted(redirect_url) + "' is not a redirect URL allowed for this school (" +
            (allowed.empty() ? std::string("none is: set sso_redirect_urls to pickAtime's own")
                             : "use " + joined(allowed, " or ")) +
            "). The OAuth application in Axiom (Identity & Access Management > OAuth Applications > the "
            "pickAtime application) must list " + joined(ours, " and ") +
            " exactly as redirect URLs (setup guide step 7), or Veracross shows users \"The requested "
            "Redirect URI isn't registered for this client.\"",
        d);
}

PluginError sso_scope_not_enabled(const std::string &scope) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("missing_scopes", json_list({scope}));
    return PluginError(Status::missing_scopes, "sso_scope_not_enabled",
                       "The OAuth application in Veracross does not have the '" + scope +
                           "' scope enabled, so Veracross would refuse every login (\"A requested scope "
                           "isn't authorized for this application.\"). In Axiom, open Identity & Access "
                           "Management > OAuth Applications, choose the pickAtime application, enable '" +
                           scope + "' on its Scopes tab and click Save.",
                       d);
}

PluginError login_cancelled() {
    return PluginError(Status::auth_failed, "login_cancelled",
                       "The user cancelled the Veracross login (or Veracross denied access). Nothing was "
                       "changed; the user may log in again at any time.");
}

PluginError login_refused(const std::string &oauth_error) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("oauth_error", quoted(oauth_error));
    return PluginError(Status::auth_failed, "login_refused",
                       "Veracross did not log the user in (it answered '" + quoted(oauth_error) + "'). " +
                           kStartAgain + " If it keeps happening, run Connect to check the settings.",
                       d);
}

PluginError state_mismatch() {
    return PluginError(Status::auth_failed, "state_mismatch",
                       "The answer from Veracross does not belong to this login (its state differs), so it "
                       "may be forged or from another browser tab. The login was refused. " +
                           std::string(kStartAgain));
}

PluginError code_expired_or_used() {
    return PluginError(Status::auth_failed, "code_expired_or_used",
                       "Veracross refused the login code (invalid_grant): it expired (codes last 10 "
                       "minutes), was already used, or belongs to another login. " +
                           std::string(kStartAgain));
}

PluginError sso_client_refused(const std::string &school_route) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("field", "client_secret");
    return PluginError(Status::auth_failed, "invalid_client",
                       "Veracross refused the Client ID or the Client Secret for school route '" + school_route +
                           "' while finishing a login. Run Connect: it says what to enter.",
                       d);
}

PluginError user_not_in_roster(const Poco::JSON::Object::Ptr &identity) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("identity", identity);
    return PluginError(Status::not_found, "user_not_in_roster",
                       "Veracross logged in " + who(identity) +
                           ", but nobody in this event's roster has that email or username. If they should "
                           "take part, check their email in Veracross and import the event again.",
                       d);
}

PluginError callback_issuer_mismatch(const std::string &iss, const std::string &issuer) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("callback_iss", iss);
    d->set("issuer", issuer);
    return PluginError(Status::auth_failed, "issuer_mismatch",
                       "The login came back from another issuer ('" + iss + "') than this school's ('" + issuer +
                           "'), so its code was not used. " + kStartAgain +
                           " If it keeps happening, check that school_domain is this school's.",
                       d);
}

PluginError userinfo_about_another_user() {
    return PluginError(Status::auth_failed, "userinfo_mismatch",
                       "Veracross's userinfo is about another user than the login's id_token, so nobody was "
                       "logged in. " + std::string(kStartAgain) + " If it keeps happening, contact Veracross support.");
}

PluginError userinfo_refused(const std::string &error, const std::string &scopes_named, const std::string &granted) {
    const auto names = [&](const std::string &scope) {
        // scopes_named is the provider's own text (a scope list or a description): whole words only.
        std::size_t at = 0;
        while ((at = scopes_named.find(scope, at)) != std::string::npos) {
            const auto word_char = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
            const bool starts = at == 0 || !word_char(scopes_named[at - 1]);
            const std::size_t end = at + scope.size();
            if (starts && (end == scopes_named.size() || !word_char(scopes_named[end]))) return true;
            at = end;
        }
        return false;
    };
    if (names("sso") && granted.find("sso") == std::string::npos) return sso_scope_not_enabled("sso");
    if (names("openid") && granted.find("openid") == std::string::npos) {
        Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
        d->set("field", "sso_scope");
        return PluginError(Status::invalid_config, "userinfo_needs_openid",
                           "The identity provider gives userinfo only to logins with the 'openid' scope "
                           "(standard OpenID Connect), and this login had '" + granted +
                               "'. Enable 'openid' on the OAuth application too (logins then ask for both), or "
                               "set sso_scope to openid.",
                           d);
    }
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    if (!error.empty()) d->set("oauth_error", error);
    return PluginError(Status::remote_error, "userinfo_refused",
                       "Veracross refused to say who logged in (userinfo answered HTTP 403" +
                           (error.empty() ? std::string() : ", " + error) + ") although the login was granted '" +
                           granted + "'. " + kStartAgain + " If it keeps happening, contact Veracross support.",
                       d);
}

} // namespace veracross

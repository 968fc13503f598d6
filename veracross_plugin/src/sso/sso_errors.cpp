#include "sso/sso_errors.hpp"

#include "common/json_text.hpp"
#include "config/plugin_manifest.hpp"
#include "http/remote_response.hpp"

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

PluginError user_ambiguous_in_roster(const Poco::JSON::Object::Ptr &identity, const std::vector<std::string> &ids) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("identity", identity);
    d->set("person_ids", json_list(ids));
    return PluginError(Status::not_found, "user_ambiguous_in_roster",
                       "Veracross logged in " + who(identity) + ", but people " + joined(ids, " and ") +
                           " in this event's roster share that email and none has the user's username, so "
                           "pickAtime cannot tell who it is. Give each their own email in Veracross and "
                           "import the event again.",
                       d);
}

} // namespace veracross

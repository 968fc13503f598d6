// SSO: Veracross as OAuth 2.0 / OpenID Connect provider (details doc
// section 7, Simulator contract D). The token exchange is in auth_api.cpp.
#include "endpoints.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include <algorithm>
#include <optional>
#include <sstream>

namespace vcsim {

namespace {

Poco::JSON::Array::Ptr array_of(std::initializer_list<const char *> items) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const char *item : items) array->add(std::string(item));
    return array;
}

Reply error_page(const std::string &message) {
    return html_reply(200, "Veracross sign-in error", "<h1>Sign-in error</h1>\n<p class=\"error\">" +
                                                           html_escape(message) + "</p>");
}

// The login page: a username field that posts back with the request's parameters.
Reply login_form(const Request &request, const Params &params, const std::string &problem) {
    std::string html = "<h1>Sign in to Veracross</h1>\n";
    if (!problem.empty()) html += "<p class=\"error\">" + html_escape(problem) + "</p>\n";
    html += "<form method=\"post\" action=\"/" + html_escape(request.route) + "/oauth/authorize\">\n";
    for (const char *name : {"client_id", "redirect_uri", "response_type", "scope", "state", "nonce",
                             "code_challenge", "code_challenge_method"})
        if (has_param(params, name))
            html += "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" +
                    html_escape(param(params, name)) + "\">\n";
    html += "<label>Username <input type=\"text\" name=\"username\"></label>\n"
            "<button type=\"submit\">Sign in</button>\n</form>";
    return html_reply(200, "Veracross sign-in", html);
}

std::string url_encode(const std::string &text) {
    std::string encoded;
    Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]", encoded);
    return encoded;
}

std::vector<std::string> split_words(const std::string &text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

// A userinfo refusal: no body, the reason in WWW-Authenticate as Doorkeeper sends it.
Reply bearer_refusal(int status, const char *error) {
    Reply reply = empty_reply(status);
    reply.headers.emplace_back("WWW-Authenticate", std::string("Bearer realm=\"Veracross\", error=\"") + error + "\"");
    return reply;
}

} // namespace

Reply discovery_endpoint(ServerState &state, const Request &request) {
    if (!state.find_school(request.route)) return data_error(404, "The requested client is unknown");
    const std::string issuer = request.base_url + "/" + request.route;
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(true);
    body->set("issuer", issuer);
    body->set("authorization_endpoint", issuer + "/oauth/authorize");
    body->set("token_endpoint", issuer + "/oauth/token");
    body->set("revocation_endpoint", issuer + "/oauth/revoke");
    body->set("introspection_endpoint", issuer + "/oauth/introspect");
    body->set("userinfo_endpoint", issuer + "/oauth/userinfo");
    body->set("jwks_uri", issuer + "/oauth/discovery/keys");
    body->set("scopes_supported", array_of({"openid"}));
    body->set("response_types_supported", array_of({"code"}));
    body->set("response_modes_supported", array_of({"query", "fragment", "form_post"}));
    body->set("grant_types_supported", array_of({"authorization_code", "client_credentials", "refresh_token"}));
    body->set("token_endpoint_auth_methods_supported", array_of({"client_secret_post"}));
    body->set("subject_types_supported", array_of({"public"}));
    body->set("id_token_signing_alg_values_supported", array_of({"RS256"}));
    body->set("claims_supported",
              array_of({"iss", "sub", "aud", "exp", "iat", "preferred_username", "email", "roles"}));
    body->set("code_challenge_methods_supported", array_of({"plain", "S256"}));
    return json_reply(200, body);
}

Reply authorize_endpoint(ServerState &state, const Request &request) {
    Params params = request.query;
    if (request.method == "POST") // the login form posts back
        for (auto &entry : parse_urlencoded(request.body)) params.push_back(std::move(entry));

    ServedSchool *school = state.find_school(request.route);
    if (!school) return error_page("The requested client id is unknown or unauthorized.");
    const std::vector<std::string> scopes = split_words(param(params, "scope"));
    const std::string redirect_uri = param(params, "redirect_uri");
    std::string problem;
    std::optional<LoginUser> user;
    school->read([&](const School &s, const auto &) {
        const OAuthApp *app = find_app(s, param(params, "client_id"));
        if (!app) {
            problem = "The requested client id is unknown or unauthorized.";
        } else if (std::find(app->redirect_uris.begin(), app->redirect_uris.end(), redirect_uri) ==
                   app->redirect_uris.end()) {
            problem = "The requested Redirect URI isn't registered for this client.";
        } else if (param(params, "response_type") != "code") {
            problem = "The authorization server does not support this response type.";
        } else if (std::any_of(scopes.begin(), scopes.end(),
                               [&](const std::string &scope) { return !app->enabled_scopes.count(scope); })) {
            problem = "A requested scope isn't authorized for this application.";
        } else if (std::find(scopes.begin(), scopes.end(), "sso") == scopes.end() &&
                   std::find(scopes.begin(), scopes.end(), "openid") == scopes.end()) {
            problem = "The requested scope is invalid, unknown, or malformed.";
        }
        std::string login = param(params, "login_as");
        if (login.empty()) login = param(params, "username");
        if (const LoginUser *found = login.empty() ? nullptr : find_user(s, login)) user = *found;
    });
    if (!problem.empty()) return error_page(problem);

    const std::string challenge = param(params, "code_challenge");
    std::string method = param(params, "code_challenge_method");
    if (!challenge.empty() && method.empty()) method = "plain";
    if (!challenge.empty() && method != "plain" && method != "S256")
        return error_page("The code challenge method must be plain or S256.");
    if (!user) {
        const bool tried = !param(params, "login_as").empty() || !param(params, "username").empty();
        return login_form(request, params, tried ? "Unknown username." : "");
    }

    AuthorizationCode grant;
    grant.route = request.route;
    grant.client_id = param(params, "client_id");
    grant.redirect_uri = redirect_uri;
    grant.scopes = scopes;
    grant.user_sub = user->sub;
    grant.nonce = param(params, "nonce");
    grant.code_challenge = challenge;
    grant.code_challenge_method = method;
    std::string location = redirect_uri + (redirect_uri.find('?') == std::string::npos ? "?" : "&") +
                           "code=" + state.tokens.issue_code(std::move(grant));
    if (has_param(params, "state")) location += "&state=" + url_encode(param(params, "state"));
    Reply reply = empty_reply(302);
    reply.headers.emplace_back("Location", location);
    reply.headers.emplace_back("Cache-Control", "no-store");
    return reply;
}

Reply userinfo_endpoint(ServerState &state, const Request &request) {
    const std::string authorization = request.header("Authorization");
    const std::string prefix = "Bearer ";
    if (authorization.compare(0, prefix.size(), prefix) != 0) return bearer_refusal(401, "invalid_token");
    TokenLookup found = state.tokens.find(request.route, authorization.substr(prefix.size()));
    if (found.state != TokenState::active) return bearer_refusal(401, "invalid_token");
    const AccessToken &token = found.token;
    if (!token.has_scope("sso") && !token.has_scope("openid")) return bearer_refusal(403, "insufficient_scope");
    if (!token.user_token()) return empty_reply(404); // client-credentials tokens have no user

    ServedSchool *school = state.find_school(request.route);
    Poco::JSON::Object::Ptr body = school->read([&](const School &s, const auto &) -> Poco::JSON::Object::Ptr {
        const LoginUser *user = find_user(s, token.user_sub);
        if (!user) return nullptr;
        Poco::JSON::Object::Ptr info = new Poco::JSON::Object(true);
        info->set("sub", user->sub);
        info->set("preferred_username", user->preferred_username);
        info->set("email", user->email.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(user->email));
        Poco::JSON::Array::Ptr roles = new Poco::JSON::Array;
        for (const auto &role : user->roles) roles->add(role);
        info->set("roles", roles);
        return info;
    });
    return body ? json_reply(200, body) : empty_reply(404);
}

Reply jwks_endpoint(ServerState &state, const Request &request) {
    if (!state.find_school(request.route)) return data_error(404, "The requested client is unknown");
    return json_reply(200, state.keys.jwks());
}

} // namespace vcsim

// Authorization API: /{route}/oauth/token, /oauth/revoke, /oauth/introspect
// (details doc section 1, Simulator contract B). Error texts are Doorkeeper's
// where Veracross documents none.
#include "endpoints.hpp"

#include "encoding.hpp"
#include "id_token.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/String.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>

namespace vcsim {

namespace {

Reply invalid_client() {
    return oauth_error(401, "invalid_client", "The requested client id is unknown or unauthorized.");
}

Reply invalid_grant() {
    return oauth_error(401, "invalid_grant",
                       "The provided authorization grant is invalid, expired, revoked, does not match the "
                       "redirection URI used in the authorization request, or was issued to another client.");
}

Reply missing_parameter(const std::string &name) {
    return oauth_error(400, "invalid_request", "Missing required parameter: " + name + ".");
}

bool form_encoded(const Request &request) {
    return media_type(request.header("Content-Type")) == "application/x-www-form-urlencoded";
}

// The application whose id and secret the form carries, if they are right.
std::optional<OAuthApp> authenticate(ServedSchool &school, const Params &form) {
    return school.read([&](const School &s, const auto &) -> std::optional<OAuthApp> {
        const OAuthApp *app = find_app(s, param(form, "client_id"));
        if (!app || app->client_secret != param(form, "client_secret")) return std::nullopt;
        return *app;
    });
}

std::vector<std::string> split_scopes(const std::string &text) {
    std::vector<std::string> scopes;
    std::istringstream words(text);
    for (std::string scope; words >> scope;)
        if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(scope);
    return scopes;
}

std::int64_t epoch_seconds(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Reply token_response(const AccessToken &token, const std::string &id_token) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(true);
    body->set("access_token", token.token);
    body->set("token_type", "Bearer");
    body->set("expires_in", epoch_seconds(token.expires_at) - epoch_seconds(token.created_at));
    if (!token.refresh_token.empty()) body->set("refresh_token", token.refresh_token);
    body->set("scope", Poco::cat(std::string(" "), token.scopes.begin(), token.scopes.end()));
    body->set("created_at", epoch_seconds(token.created_at));
    if (!id_token.empty()) body->set("id_token", id_token);
    Reply reply = json_reply(200, body);
    reply.headers.emplace_back("Cache-Control", "no-store");
    reply.headers.emplace_back("Pragma", "no-cache");
    return reply;
}

// id_token for a user token that has openid; "" otherwise.
std::string id_token_for(ServerState &state, ServedSchool &school, const Request &request,
                         const AccessToken &token, const std::string &nonce) {
    if (!token.has_scope("openid")) return "";
    auto user = school.read([&](const School &s, const auto &) -> std::optional<LoginUser> {
        const LoginUser *found = find_user(s, token.user_sub);
        return found ? std::optional<LoginUser>(*found) : std::nullopt;
    });
    if (!user) return "";
    return make_id_token(state, request.route, request.base_url + "/" + request.route, token.client_id, *user,
                         nonce, std::chrono::duration_cast<std::chrono::seconds>(token.expires_at - token.created_at));
}

Reply client_credentials_grant(ServerState &state, const Request &request, const OAuthApp &app,
                               const Params &form) {
    std::vector<std::string> scopes = split_scopes(param(form, "scope"));
    if (app.grants_fewer_scopes)
        scopes.erase(std::remove_if(scopes.begin(), scopes.end(),
                                    [&](const std::string &scope) { return !app.enabled_scopes.count(scope); }),
                     scopes.end());
    for (const auto &scope : scopes)
        if (!app.enabled_scopes.count(scope))
            return oauth_error(400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");
    return token_response(state.tokens.issue(request.route, app.client_id, std::move(scopes), ""), "");
}

bool pkce_ok(const AuthorizationCode &code, const std::string &verifier) {
    if (code.code_challenge.empty()) return true;
    if (verifier.empty()) return false;
    if (code.code_challenge_method == "S256") return base64url(sha256(verifier)) == code.code_challenge;
    return verifier == code.code_challenge; // plain
}

Reply authorization_code_grant(ServerState &state, ServedSchool &school, const Request &request,
                               const OAuthApp &app, const Params &form) {
    if (param(form, "code").empty()) return missing_parameter("code");
    auto code = state.tokens.take_code(request.route, param(form, "code"));
    if (!code || code->client_id != app.client_id || code->redirect_uri != param(form, "redirect_uri") ||
        !pkce_ok(*code, param(form, "code_verifier")))
        return invalid_grant();
    AccessToken token = state.tokens.issue(request.route, app.client_id, code->scopes, code->user_sub);
    return token_response(token, id_token_for(state, school, request, token, code->nonce));
}

Reply refresh_token_grant(ServerState &state, ServedSchool &school, const Request &request,
                          const OAuthApp &app, const Params &form) {
    if (param(form, "refresh_token").empty()) return missing_parameter("refresh_token");
    auto token = state.tokens.refresh(request.route, app.client_id, param(form, "refresh_token"));
    if (!token) return invalid_grant();
    return token_response(*token, id_token_for(state, school, request, *token, ""));
}

} // namespace

Reply token_endpoint(ServerState &state, const Request &request) {
    if (request.method != "POST") return data_error(405, "Request Method Not Allowed");
    if (!form_encoded(request)) return json_reply(415, "{}");
    ServedSchool *school = state.find_school(request.route);
    if (!school) return invalid_client();
    const Params form = parse_urlencoded(request.body);
    for (const char *name : {"grant_type", "client_id", "client_secret"})
        if (param(form, name).empty()) return missing_parameter(name);
    auto app = authenticate(*school, form);
    if (!app) return invalid_client();

    const std::string grant = param(form, "grant_type");
    if (grant == "client_credentials") return client_credentials_grant(state, request, *app, form);
    if (grant == "authorization_code") return authorization_code_grant(state, *school, request, *app, form);
    if (grant == "refresh_token") return refresh_token_grant(state, *school, request, *app, form);
    return oauth_error(400, "unsupported_grant_type",
                       "The authorization grant type is not supported by the authorization server.");
}

Reply revoke_endpoint(ServerState &state, const Request &request) {
    if (request.method != "POST") return data_error(405, "Request Method Not Allowed");
    if (!form_encoded(request)) return json_reply(415, "{}");
    ServedSchool *school = state.find_school(request.route);
    const Params form = parse_urlencoded(request.body);
    auto app = school ? authenticate(*school, form) : std::nullopt;
    if (!app) return invalid_client();
    state.tokens.revoke(request.route, app->client_id, param(form, "token"));
    return json_reply(200, "{}"); // also for tokens it does not know (RFC 7009)
}

Reply introspect_endpoint(ServerState &state, const Request &request) {
    if (request.method != "POST") return data_error(405, "Request Method Not Allowed");
    if (!form_encoded(request)) return json_reply(415, "{}");
    ServedSchool *school = state.find_school(request.route);
    const Params form = parse_urlencoded(request.body);
    auto app = school ? authenticate(*school, form) : std::nullopt;
    if (!app) return invalid_client();

    TokenLookup found = state.tokens.find(request.route, param(form, "token"));
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(true);
    body->set("active", found.state == TokenState::active);
    if (found.state == TokenState::active) {
        const AccessToken &token = found.token;
        body->set("scope", Poco::cat(std::string(" "), token.scopes.begin(), token.scopes.end()));
        body->set("client_id", token.client_id);
        body->set("token_type", "Bearer");
        body->set("exp", epoch_seconds(token.expires_at));
        body->set("iat", epoch_seconds(token.created_at));
    }
    return json_reply(200, body);
}

} // namespace vcsim

#include "sso/sso_oauth.hpp"

#include "http/rate_limit.hpp"
#include "http/remote_response.hpp"
#include "http/retry.hpp"
#include "http/school_route.hpp"
#include "sso/sso_errors.hpp"

#include <Poco/JSON/Parser.h>

namespace veracross {
namespace {

std::string accounts_path(const Config &config, const std::string &endpoint) {
    return "/" + config.school_route + "/oauth/" + endpoint;
}

HttpRequest accounts_request(const Config &config, const std::string &method, const std::string &endpoint) {
    HttpRequest r;
    r.method = method;
    r.url = config.accounts_base_url + accounts_path(config, endpoint);
    r.headers = {{"Accept", "application/json"}};
    return r;
}

std::string text_member(const Poco::JSON::Object &o, const std::string &name) {
    return o.has(name) && o.get(name).isString() ? o.getValue<std::string>(name) : std::string();
}

// A parameter of a WWW-Authenticate challenge (name="value"), or "".
std::string challenge_param(const std::string &challenge, const std::string &name) {
    const std::string key = name + "=\"";
    std::size_t at = 0;
    while ((at = challenge.find(key, at)) != std::string::npos) {
        if (at == 0 || challenge[at - 1] == ' ' || challenge[at - 1] == ',') {
            const std::size_t begin = at + key.size();
            const std::size_t end = challenge.find('"', begin);
            return end == std::string::npos ? std::string() : challenge.substr(begin, end - begin);
        }
        at += key.size();
    }
    return {};
}

// The "scope" member of a JSON error body (oidc-provider sends one), or "".
std::string body_scope(const HttpResponse &response) {
    try {
        const auto body = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
        return body ? text_member(*body, "scope") : std::string();
    } catch (const std::exception &) {
        return {};
    }
}

} // namespace

UserTokens exchange_code(HttpClient &http, const Config &config, const HostServices &host, const std::string &code,
                         const LoginContext &context) {
    throw_if_cancelled(host);
    HttpRequest r = accounts_request(config, "POST", "token");
    r.form = {{"grant_type", "authorization_code"},
              {"code", code},
              {"redirect_uri", context.redirect_url},
              {"client_id", config.client_id},
              {"client_secret", config.client_secret},
              {"code_verifier", context.code_verifier}};
    host.log(LogLevel::debug, "POST " + accounts_path(config, "token") + " (authorization code)");
    const HttpResponse response = http.send(r);
    const std::string what = "Veracross's token endpoint (" + server_name(r.url) + ")";
    if (response.status != 200) {
        const std::string error = read_error_body(response).error;
        if (error == "invalid_grant") throw code_expired_or_used();
        if (error == "invalid_client") throw sso_client_refused(config.school_route);
        if (response.status == 404) throw unknown_route_error(config);
        if (response.status == 429)
            throw rate_limited_error(parse_rate_limit(response.headers, std::chrono::system_clock::now()), what);
        throw unexpected_answer(response, what);
    }
    const auto body = json_object_body(response, what);
    UserTokens tokens{text_member(*body, "access_token"), text_member(*body, "id_token")};
    if (tokens.access_token.empty())
        throw PluginError(Status::remote_error, "unexpected_body",
                          what + " answered the login without an access token. Try again later; if it "
                                 "persists, contact Veracross support.",
                          answer_details(response));
    return tokens;
}

Poco::JSON::Object::Ptr fetch_userinfo(HttpClient &http, const Config &config, const HostServices &host,
                                       const std::string &access_token, const std::string &scope) {
    RetryPolicy idempotent_get;
    idempotent_get.max_attempts = 3;
    return with_retries(idempotent_get, host, [&] {
        HttpRequest r = accounts_request(config, "GET", "userinfo");
        r.headers.emplace_back("Authorization", "Bearer " + access_token);
        host.log(LogLevel::debug, "GET " + accounts_path(config, "userinfo"));
        const HttpResponse response = http.send(r);
        const std::string what = "Veracross's userinfo endpoint (" + server_name(r.url) + ")";
        if (response.status == 403) {
            // Which scope is missing, in the provider's own words: WWW-Authenticate
            // (RFC 6750 3.1: error, scope, error_description) and the body.
            const RemoteErrorBody body = read_error_body(response);
            const std::string challenge = response.header("WWW-Authenticate");
            const std::string error = body.error.empty() ? challenge_param(challenge, "error") : body.error;
            throw userinfo_refused(error,
                                   challenge_param(challenge, "scope") + " " + body_scope(response) + " " +
                                       body.description + " " + challenge_param(challenge, "error_description"),
                                   scope);
        }
        if (response.status != 200) throw unexpected_answer(response, what);
        auto info = json_object_body(response, what);
        if (text_member(*info, "sub").empty())
            throw PluginError(Status::remote_error, "unexpected_body",
                              what + " did not say who logged in (no sub). Try again later; if it persists, "
                                     "contact Veracross support.",
                              answer_details(response));
        return info;
    });
}

void revoke_user_token(HttpClient &http, const Config &config, const HostServices &host,
                       const std::string &access_token) noexcept {
    try {
        HttpRequest r = accounts_request(config, "POST", "revoke");
        r.form = {{"client_id", config.client_id}, {"client_secret", config.client_secret}, {"token", access_token}};
        host.log(LogLevel::debug, "POST " + accounts_path(config, "revoke") + " (the user's token, no longer needed)");
        const HttpResponse response = http.send(r);
        if (response.status != 200)
            host.log(LogLevel::warn, "Veracross did not confirm revoking the logged-in user's token (HTTP " +
                                       std::to_string(response.status) + "); it expires by itself within the hour");
    } catch (const std::exception &) {
        host.log(LogLevel::warn, "Could not revoke the logged-in user's token; it expires by itself within the hour");
    }
}

} // namespace veracross

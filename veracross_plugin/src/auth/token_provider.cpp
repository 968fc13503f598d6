#include "auth/token_provider.hpp"

#include "http/rate_limit.hpp"
#include "http/remote_response.hpp"
#include "http/retry.hpp"
#include "auth/scope_needs.hpp"
#include "http/school_route.hpp"
#include "auth/token_answer.hpp"

#include <algorithm>

namespace veracross {
namespace {

std::string space_separated(const Scopes &scopes) {
    std::string s;
    for (const auto &x : scopes) s += (s.empty() ? "" : " ") + x;
    return s;
}

} // namespace

TokenProvider::TokenProvider(const Config &config, HttpClient &http, const HostServices &host,
                             std::vector<ScopeNeed> needs)
    : config_(config), http_(http), host_(host), needs_(std::move(needs)) {}

TokenProvider::~TokenProvider() {
    std::shared_ptr<const AccessToken> last;
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        last = std::move(cached_);
    }
    if (last) revoke(last->value);
}

std::shared_ptr<const AccessToken> TokenProvider::cached() const {
    std::lock_guard<std::mutex> lock(state_mutex_);
    if (cached_ && std::chrono::steady_clock::now() < cached_->renew_at) return cached_;
    return nullptr;
}

std::optional<ScopeGrants> TokenProvider::grants() const {
    std::lock_guard<std::mutex> lock(state_mutex_);
    return grants_;
}

void TokenProvider::invalidate(const std::shared_ptr<const AccessToken> &stale) {
    std::lock_guard<std::mutex> lock(state_mutex_);
    if (cached_ == stale) cached_.reset();
}

std::shared_ptr<const AccessToken> TokenProvider::token(TokenUse use) {
    const auto usable_cached = [&]() -> std::shared_ptr<const AccessToken> {
        if (use == TokenUse::recheck_refused_scopes) {
            std::lock_guard<std::mutex> lock(state_mutex_);
            if (grants_ && !grants_->refused.empty()) return nullptr;
        }
        return cached();
    };
    if (auto t = usable_cached()) return t;
    std::lock_guard<std::mutex> fetching(fetch_mutex_);
    if (auto t = usable_cached()) return t; // another thread fetched it meanwhile

    std::shared_ptr<const AccessToken> replaced;
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        replaced = cached_;
    }
    std::shared_ptr<const AccessToken> fresh = obtain(use);
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        cached_ = fresh;
    }
    // A token replaced before its time (a recheck) would only count toward
    // the cap; one near expiry may still be in use by other threads.
    if (replaced && std::chrono::steady_clock::now() < replaced->renew_at) revoke(replaced->value);
    return fresh;
}

std::shared_ptr<const AccessToken> TokenProvider::obtain(TokenUse use) {
    Scopes ask; // every needed scope, less optional ones already known refused
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        for (const auto &need : needs_)
            if (need.required || use == TokenUse::recheck_refused_scopes || !grants_ ||
                !has_scope(grants_->refused, need.scope))
                ask.push_back(need.scope);
    }
    host_.log(LogLevel::info, "Asking Veracross for an access token for school route '" +
                                config_.school_route + "' with " + std::to_string(ask.size()) +
                                " scopes");
    std::shared_ptr<AccessToken> token = request(ask);
    Scopes refused;
    if (token) {
        for (const auto &s : ask) // Veracross may also grant less than asked without refusing
            if (!has_scope(token->scopes, s)) refused.push_back(s);
    } else {
        host_.log(LogLevel::info, "Veracross refused some of these scopes; finding out which ones");
        refused = search_refused(ask, token);
    }

    ScopeGrants grants;
    Scopes missing_required, missing_optional;
    for (const auto &need : needs_) {
        const bool granted = has_scope(ask, need.scope) && !has_scope(refused, need.scope);
        (granted ? grants.granted : grants.refused).push_back(need.scope);
        if (!granted) (need.required ? missing_required : missing_optional).push_back(need.scope);
    }
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        grants_ = grants;
    }
    if (!missing_required.empty()) {
        if (token) revoke(token->value);
        throw missing_scopes_error(missing_required, missing_optional);
    }
    const auto covers_grants = [&] {
        return std::all_of(grants.granted.begin(), grants.granted.end(),
                           [&](const std::string &g) { return has_scope(token->scopes, g); });
    };
    if (token && !covers_grants()) { // the required-only token, while optional ones were granted
        revoke(token->value);
        token = nullptr;
    }
    if (!token) token = request(grants.granted);
    if (!token)
        throw PluginError(Status::remote_error, "scopes_changed",
                          "Veracross refused scopes it had just granted (were the application's "
                          "scopes being edited?). Click Connect again.");
    return token;
}

Scopes TokenProvider::search_refused(const Scopes &ask, std::shared_ptr<AccessToken> &token) {
    const auto grantable = [&](const Scopes &subset) {
        const auto probe = request(subset);
        if (probe) revoke(probe->value);
        return probe != nullptr;
    };
    Scopes required, optional;
    for (const auto &need : needs_)
        if (has_scope(ask, need.scope)) (need.required ? required : optional).push_back(need.scope);
    if (optional.empty()) return find_refused_scopes(required, grantable);

    // The required scopes alone first: when only optional ones are refused
    // (a school that followed the setup guide), that is the token to keep.
    token = request(required);
    if (token) return find_refused_scopes(optional, grantable);
    Scopes refused = find_refused_scopes(required, grantable);
    if (!grantable(optional)) {
        const Scopes refused_optional = find_refused_scopes(optional, grantable);
        refused.insert(refused.end(), refused_optional.begin(), refused_optional.end());
    }
    return refused;
}

std::shared_ptr<AccessToken> TokenProvider::request(const Scopes &scopes) {
    throw_if_cancelled(host_);
    HttpRequest r;
    r.method = "POST";
    r.url = config_.accounts_base_url + "/" + config_.school_route + "/oauth/token";
    r.headers = {{"Accept", "application/json"}};
    r.form = {{"grant_type", "client_credentials"},
              {"client_id", config_.client_id},
              {"client_secret", config_.client_secret},
              {"scope", space_separated(scopes)}};
    host_.log(LogLevel::debug, "POST /" + config_.school_route + "/oauth/token (scope: " +
                                 space_separated(scopes) + ")");
    const HttpResponse response = http_.send(r);
    if (response.status != 200) {
        if (read_error_body(response).error == "invalid_scope") return nullptr;
        throw_token_error(response);
    }

    return read_token_answer(response, scopes, "Veracross's token endpoint (" + server_name(r.url) + ")");
}

void TokenProvider::throw_token_error(const HttpResponse &response) {
    const std::string what = "Veracross's token endpoint (" + server_name(config_.accounts_base_url) + ")";
    const RemoteErrorBody e = read_error_body(response);
    if (e.error == "invalid_client" || (response.status == 401 && e.error.empty())) {
        if (!route_is_known(http_, config_)) throw unknown_route_error(config_);
        Poco::JSON::Object::Ptr d = answer_details(response);
        d->set("field", "client_secret");
        throw PluginError(
            Status::auth_failed, "invalid_client",
            "Veracross refused the Client ID or the Client Secret for school route '" +
                config_.school_route +
                "'. Copy both again from Axiom > Identity & Access Management > OAuth "
                "Applications > (the pickAtime application). A Client Secret that Axiom no longer "
                "shows can be replaced there with \"Reset Client Secret\"; then enter the new one "
                "here.",
            d);
    }
    if (response.status == 404) throw unknown_route_error(config_);
    if (response.status == 429) throw rate_limited_error(parse_rate_limit(response.headers, std::chrono::system_clock::now()), what);
    throw unexpected_answer(response, what);
}

void TokenProvider::revoke(const std::string &token_value) noexcept {
    try {
        HttpRequest r;
        r.method = "POST";
        r.url = config_.accounts_base_url + "/" + config_.school_route + "/oauth/revoke";
        r.headers = {{"Accept", "application/json"}};
        r.form = {{"client_id", config_.client_id},
                  {"client_secret", config_.client_secret},
                  {"token", token_value}};
        host_.log(LogLevel::debug, "POST /" + config_.school_route + "/oauth/revoke");
        const HttpResponse response = http_.send(r);
        if (response.status != 200)
            host_.log(LogLevel::warn, "Veracross did not confirm revoking an unused access token (HTTP " +
                                        std::to_string(response.status) + ")");
    } catch (const std::exception &) {
        host_.log(LogLevel::warn, "Could not revoke an unused access token; it expires by itself "
                                "within the hour");
    }
}

} // namespace veracross

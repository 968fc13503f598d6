// Client-credentials access tokens for one school connection, shared by
// connect, the importer and anything else that calls the Data API.
//
// - One token is cached and handed out until shortly before it expires
//   (created_at + expires_in, less a margin); client-credentials tokens
//   cannot be refreshed, so a new one is requested then.
// - Veracross keeps at most 10 active tokens per OAuth application and
//   revokes the oldest past that, so tokens are made only when needed:
//   concurrent callers wait for one fetch; probe tokens made while finding
//   refused scopes are revoked at once; the cached token is revoked when a
//   recheck replaces it early or the provider is destroyed (one near expiry
//   is left to expire: other threads may still be using it).
// - The token asks for every needed scope (required and optional); when
//   Veracross refuses the request (invalid_scope), it asks for the required
//   ones alone (kept as the token when only optional ones are refused), and
//   finds the refused scopes by binary splitting (scope_search.hpp).
//   Refused optional ones are left out; missing required ones are
//   Status::missing_scopes, each named.
//
// Threads: every member may be called from any thread at any time.
// Host callbacks (log, cancelled) are invoked on the calling thread.
#pragma once

#include "config/config.hpp"
#include "common/host_services.hpp"
#include "http/http_client.hpp"
#include "config/plugin_manifest.hpp"
#include "auth/scope_search.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace veracross {

struct AccessToken {
    std::string value; // the bearer token: never log it, never put it in a result
    Scopes scopes;     // granted scopes
    std::chrono::system_clock::time_point expires_at;
    std::chrono::steady_clock::time_point renew_at; // handed out until then
};

// What Veracross granted of the needed scopes at the last token request.
struct ScopeGrants {
    Scopes granted;
    Scopes refused; // required and optional ones
};

enum class TokenUse {
    reuse,                 // the cached token while it is fresh
    recheck_refused_scopes // ...unless a scope was refused: ask again (Connect)
};

class TokenProvider {
public:
    TokenProvider(const Config &config, HttpClient &http, const HostServices &host,
                  std::vector<ScopeNeed> needs);
    ~TokenProvider(); // revokes the cached token, best effort
    TokenProvider(const TokenProvider &) = delete;
    TokenProvider &operator=(const TokenProvider &) = delete;

    // A token for the needed scopes. Throws PluginError: Status::auth_failed
    // (invalid_client), Status::missing_scopes, Status::not_found (school route),
    // Status::rate_limited, Status::remote_error, Status::network, Status::tls, Status::cancelled.
    std::shared_ptr<const AccessToken> token(TokenUse use = TokenUse::reuse);

    // The cached token if it is still fresh; never asks Veracross.
    std::shared_ptr<const AccessToken> cached() const;

    // The Data API said `stale` expired or was revoked: the next token()
    // fetches a new one (unless another thread already replaced it).
    void invalidate(const std::shared_ptr<const AccessToken> &stale);

    // What the last token request found; empty before the first one.
    std::optional<ScopeGrants> grants() const;

    const std::vector<ScopeNeed> &needs() const { return needs_; }

private:
    std::shared_ptr<const AccessToken> obtain(TokenUse use);
    // After `ask` was refused as a whole: the refused scopes of `ask`. May
    // leave in `token` a token worth keeping (one for the required scopes).
    Scopes search_refused(const Scopes &ask, std::shared_ptr<AccessToken> &token);
    // nullptr when Veracross refused the scopes (invalid_scope).
    std::shared_ptr<AccessToken> request(const Scopes &scopes);
    void revoke(const std::string &token_value) noexcept;
    [[noreturn]] void throw_token_error(const HttpResponse &response);

    const Config &config_;
    HttpClient &http_;
    const HostServices &host_;
    const std::vector<ScopeNeed> needs_;

    std::mutex fetch_mutex_; // one token request sequence at a time
    mutable std::mutex state_mutex_;
    std::shared_ptr<const AccessToken> cached_;
    std::optional<ScopeGrants> grants_;
};

} // namespace veracross

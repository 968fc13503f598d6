// Access tokens, refresh tokens and authorization codes of every route.
// Thread-safe; holds the "10 active tokens per application (per user for
// code grants)" rule.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace vcsim {

using Clock = std::chrono::system_clock;

struct AccessToken {
    std::string token; // 64 hex
    std::string route;
    std::string client_id;
    std::vector<std::string> scopes; // as granted, in request order
    std::string user_sub;            // empty for client credentials
    std::string refresh_token;       // empty for client credentials
    Clock::time_point created_at;
    Clock::time_point expires_at;
    bool revoked = false;

    bool has_scope(const std::string &scope) const;
    bool user_token() const { return !user_sub.empty(); }
};

enum class TokenState { unknown, revoked, expired, active };

struct TokenLookup {
    TokenState state = TokenState::unknown;
    AccessToken token; // set unless unknown
};

struct AuthorizationCode {
    std::string route;
    std::string client_id;
    std::string redirect_uri;
    std::vector<std::string> scopes;
    std::string user_sub;
    std::string nonce;
    std::string code_challenge; // empty: no PKCE
    std::string code_challenge_method;
    Clock::time_point created_at;
};

class TokenStore {
  public:
    static constexpr std::size_t kMaxActiveTokens = 10;

    TokenStore(std::chrono::seconds token_lifetime, std::chrono::seconds code_lifetime);

    void set_token_lifetime(std::chrono::seconds lifetime);

    // Issues a token; the oldest active token of the same application (and
    // user) is revoked when it would be the 11th.
    AccessToken issue(const std::string &route, const std::string &client_id,
                      std::vector<std::string> scopes, const std::string &user_sub);
    // A token of another route reads as unknown.
    TokenLookup find(const std::string &route, const std::string &token) const;

    // Revokes the pair behind the refresh token and issues a new one; empty
    // when the refresh token is unknown, revoked, or not this client's.
    std::optional<AccessToken> refresh(const std::string &route, const std::string &client_id,
                                       const std::string &refresh_token);
    // Revokes an access or refresh token of this client (and its pair).
    void revoke(const std::string &route, const std::string &client_id, const std::string &token);
    void revoke_all(const std::string &route);
    void expire_all(const std::string &route);

    std::string issue_code(AuthorizationCode code);
    // Single use: the code is gone after this call. Empty when unknown,
    // already used, expired, or of another route.
    std::optional<AuthorizationCode> take_code(const std::string &route, const std::string &code);

  private:
    using Owner = std::tuple<std::string, std::string, std::string>; // route, client, user
    AccessToken issue_locked(const std::string &route, const std::string &client_id,
                             std::vector<std::string> scopes, const std::string &user_sub);
    void revoke_locked(AccessToken &token);

    mutable std::mutex mutex_;
    std::chrono::seconds token_lifetime_;
    std::chrono::seconds code_lifetime_;
    std::map<std::string, AccessToken> tokens_;          // by access token
    std::map<std::string, std::string> refresh_tokens_;  // refresh token -> access token
    std::map<Owner, std::deque<std::string>> by_owner_;  // access tokens in issue order
    std::map<std::string, AuthorizationCode> codes_;
};

} // namespace vcsim

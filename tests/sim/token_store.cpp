#include "token_store.hpp"

#include "encoding.hpp"

#include <algorithm>

namespace vcsim {

bool AccessToken::has_scope(const std::string &scope) const {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

namespace {
bool active(const AccessToken &token, Clock::time_point now) {
    return !token.revoked && now < token.expires_at;
}
} // namespace

TokenStore::TokenStore(std::chrono::seconds token_lifetime, std::chrono::seconds code_lifetime)
    : token_lifetime_(token_lifetime), code_lifetime_(code_lifetime) {}

void TokenStore::set_token_lifetime(std::chrono::seconds lifetime) {
    std::lock_guard lock(mutex_);
    token_lifetime_ = lifetime;
}

AccessToken TokenStore::issue(const std::string &route, const std::string &client_id,
                              std::vector<std::string> scopes, const std::string &user_sub) {
    std::lock_guard lock(mutex_);
    return issue_locked(route, client_id, std::move(scopes), user_sub);
}

AccessToken TokenStore::issue_locked(const std::string &route, const std::string &client_id,
                                     std::vector<std::string> scopes, const std::string &user_sub) {
    const auto now = Clock::now();
    auto &issued = by_owner_[Owner{route, client_id, user_sub}];
    // Forget tokens that no longer count, then make room for the new one.
    issued.erase(std::remove_if(issued.begin(), issued.end(),
                                [&](const std::string &t) { return !active(tokens_.at(t), now); }),
                 issued.end());
    while (issued.size() >= kMaxActiveTokens) {
        revoke_locked(tokens_.at(issued.front()));
        issued.pop_front();
    }

    AccessToken token;
    token.token = random_hex(64);
    token.route = route;
    token.client_id = client_id;
    token.scopes = std::move(scopes);
    token.user_sub = user_sub;
    token.created_at = now;
    token.expires_at = now + token_lifetime_;
    if (!user_sub.empty()) {
        token.refresh_token = random_hex(64);
        refresh_tokens_[token.refresh_token] = token.token;
    }
    issued.push_back(token.token);
    tokens_[token.token] = token;
    return token;
}

TokenLookup TokenStore::find(const std::string &route, const std::string &token) const {
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(token);
    if (it == tokens_.end() || it->second.route != route) return {};
    const AccessToken &found = it->second;
    TokenState state = found.revoked                      ? TokenState::revoked
                       : Clock::now() >= found.expires_at ? TokenState::expired
                                                          : TokenState::active;
    return {state, found};
}

std::optional<AccessToken> TokenStore::refresh(const std::string &route, const std::string &client_id,
                                               const std::string &refresh_token) {
    std::lock_guard lock(mutex_);
    auto link = refresh_tokens_.find(refresh_token);
    if (link == refresh_tokens_.end()) return std::nullopt;
    AccessToken &old = tokens_.at(link->second);
    if (old.route != route || old.client_id != client_id) return std::nullopt;
    revoke_locked(old);
    return issue_locked(route, client_id, old.scopes, old.user_sub);
}

void TokenStore::revoke(const std::string &route, const std::string &client_id, const std::string &token) {
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(token);
    if (it == tokens_.end()) {
        auto link = refresh_tokens_.find(token);
        if (link == refresh_tokens_.end()) return;
        it = tokens_.find(link->second);
    }
    if (it->second.route == route && it->second.client_id == client_id) revoke_locked(it->second);
}

void TokenStore::revoke_locked(AccessToken &token) {
    token.revoked = true;
    if (!token.refresh_token.empty()) refresh_tokens_.erase(token.refresh_token);
}

void TokenStore::revoke_all(const std::string &route) {
    std::lock_guard lock(mutex_);
    for (auto &[key, token] : tokens_)
        if (token.route == route) revoke_locked(token);
}

void TokenStore::expire_all(const std::string &route) {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    for (auto &[key, token] : tokens_)
        if (token.route == route && token.expires_at > now) token.expires_at = now;
}

std::string TokenStore::issue_code(AuthorizationCode code) {
    std::lock_guard lock(mutex_);
    std::string value = random_hex(64);
    code.created_at = Clock::now();
    codes_[value] = std::move(code);
    return value;
}

std::optional<AuthorizationCode> TokenStore::take_code(const std::string &route, const std::string &code) {
    std::lock_guard lock(mutex_);
    auto it = codes_.find(code);
    if (it == codes_.end() || it->second.route != route) return std::nullopt;
    AuthorizationCode taken = std::move(it->second);
    codes_.erase(it);
    if (Clock::now() >= taken.created_at + code_lifetime_) return std::nullopt;
    return taken;
}

} // namespace vcsim

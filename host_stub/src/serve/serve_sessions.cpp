#include "serve/serve_sessions.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace sis_cli {

std::string random_token() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random numbers from OpenSSL");
    static const char hex[] = "0123456789abcdef";
    std::string text;
    for (unsigned char b : bytes) {
        text += hex[b >> 4];
        text += hex[b & 15];
    }
    return text;
}

bool same_token(const std::string &a, const std::string &b) {
    return !a.empty() && a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string SessionStore::create() {
    std::string id = random_token();
    std::lock_guard<std::mutex> lock(mutex_);
    if (sessions_.size() >= kMaxSessions) {
        auto oldest = sessions_.begin();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
            if (it->second.created < oldest->second.created) oldest = it;
        sessions_.erase(oldest);
    }
    sessions_[id] = Session{random_token(), nullptr, ++created_};
    return id;
}

bool SessionStore::exists(const std::string &id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sessions_.count(id) > 0;
}

std::string SessionStore::csrf_token(const std::string &id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = sessions_.find(id);
    return it == sessions_.end() ? std::string() : it->second.csrf;
}

void SessionStore::forget_old_logins(std::chrono::steady_clock::time_point now) {
    for (auto it = logins_.begin(); it != logins_.end();)
        it = now - it->second.started > kLoginLifetime ? logins_.erase(it) : std::next(it);
}

void SessionStore::add_login(const std::string &state, PendingLogin login) {
    std::lock_guard<std::mutex> lock(mutex_);
    forget_old_logins(std::chrono::steady_clock::now());
    logins_[state] = std::move(login);
}

std::optional<PendingLogin> SessionStore::take_login(const std::string &state) {
    std::lock_guard<std::mutex> lock(mutex_);
    forget_old_logins(std::chrono::steady_clock::now());
    const auto it = logins_.find(state);
    if (state.empty() || it == logins_.end()) return std::nullopt;
    PendingLogin login = std::move(it->second);
    logins_.erase(it);
    return login;
}

void SessionStore::set_login_result(const std::string &id, Poco::JSON::Object::Ptr result) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = sessions_.find(id);
    if (it != sessions_.end()) it->second.login_result = std::move(result);
}

Poco::JSON::Object::Ptr SessionStore::login_result(const std::string &id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : it->second.login_result;
}

} // namespace sis_cli

// Browser sessions of the admin page: a random session id in an HttpOnly,
// SameSite=Strict cookie, and a CSRF token per session that every POST must
// carry. The SSO logins a session started wait here, keyed by their OAuth
// state, until Veracross sends the browser back.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace sis_cli {

// 256 random bits from OpenSSL's CSPRNG, as lowercase hex.
std::string random_token();
// Compares in time that does not depend on where the texts differ.
bool same_token(const std::string &a, const std::string &b);

struct PendingLogin {
    std::string session_id;
    std::string login_context; // sealed by the plugin; kept here, never sent to the browser
    std::chrono::steady_clock::time_point started;
};

class SessionStore {
public:
    static constexpr const char *kCookieName = "sis_admin_session";
    static constexpr std::chrono::minutes kLoginLifetime{10}; // the login context's own lifetime
    static constexpr std::size_t kMaxSessions = 1000;           // past it, the oldest are forgotten

    // A new session; returns its id.
    std::string create();
    bool exists(const std::string &id) const;
    // The session's CSRF token, or empty for an unknown session.
    std::string csrf_token(const std::string &id) const;

    // SSO: a login begun by session `id`, waiting for the callback with `state`.
    void add_login(const std::string &state, PendingLogin login);
    // Takes (and forgets: a login is finished once) the login waiting for
    // `state`; nothing when unknown or older than kLoginLifetime.
    std::optional<PendingLogin> take_login(const std::string &state);

    // The page's view of the session's last login (who, roles, teachers), or null.
    void set_login_result(const std::string &id, Poco::JSON::Object::Ptr result);
    Poco::JSON::Object::Ptr login_result(const std::string &id) const;

private:
    struct Session {
        std::string csrf;
        Poco::JSON::Object::Ptr login_result;
        unsigned long long created = 0; // order of creation
    };
    void forget_old_logins(std::chrono::steady_clock::time_point now);

    mutable std::mutex mutex_;
    std::map<std::string, Session> sessions_;
    std::map<std::string, PendingLogin> logins_; // by OAuth state
    unsigned long long created_ = 0;
};

} // namespace sis_cli

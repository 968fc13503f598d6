// What one login must remember between begin and complete (the PKCE
// verifier, state, nonce, redirect URL), handed to the host as an opaque
// string so the plugin keeps no per-login state.
//
// The string is base64url(version || AES-256-GCM(JSON)): encrypted, so the
// verifier never shows, and authenticated, so any change is detected. The
// key is HKDF-SHA256 of the client secret with the route, client id and
// accounts URL as info: no secret is stored in the context, and an instance
// of another school (or another application) cannot open it.
#pragma once

#include "config/config.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace veracross {

// A login must come back within this long (Veracross's codes live as long).
constexpr std::chrono::seconds kLoginContextLifetime{600};

struct LoginContext {
    std::string state;         // echoed by Veracross: ties the callback to this login
    std::string nonce;         // openid only: must come back in the id_token
    std::string code_verifier; // PKCE: proves the code exchange comes from whoever began
    std::string redirect_url;
    std::string scope; // sso | openid, as the login was begun
    std::int64_t created_at = 0; // epoch seconds
};

std::string seal_login_context(const Config &config, const LoginContext &context);

// Throws PluginError(Status::auth_failed): login_context_invalid when the text
// was altered, truncated or made by another instance; login_context_expired
// when it is older than kLoginContextLifetime.
LoginContext open_login_context(const Config &config, const std::string &sealed,
                                std::chrono::system_clock::time_point now);

} // namespace veracross

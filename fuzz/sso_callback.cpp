// Single sign-on as the host hands it back: the sso request with the
// callback query (sso.cpp, sso_complete.cpp) and the sealed login context
// (login_context.cpp, sso_crypto.cpp). The first byte picks what the rest is:
//   0: an sso request JSON; every "@login_context@" in it becomes a context
//      this school sealed a moment ago, so the fuzzer gets past the context
//      to the callback query. Its state is unguessable and no redirect URL is
//      allowed, so no request ever leaves (begin and complete stop first).
//   1: a sealed login context as the host would pass it back.
//   2: the plaintext of a login context, sealed with this school's key, so
//      the JSON inside an authentic context is fuzzed too; "@now@" in it
//      becomes the current time (a context expires after 10 minutes).
// Any input gives PluginError, never another exception or a crash.
#include "fuzz_support.hpp"

#include "sso/login_context.hpp"
#include "common/plugin_error.hpp"
#include "operations/school_connection.hpp"
#include "oidc/sso_crypto.hpp"

#include <chrono>

namespace {

using veracross::PluginError;

const veracross::Config &config() {
    static const veracross::Config c = [] {
        veracross::Config c = fuzz::school_config();
        c.sso_redirect_urls.clear(); // begin refuses every redirect URL before asking for a token
        return c;
    }();
    return c;
}

veracross::SchoolConnection &connection() {
    static veracross::SchoolConnection c(config(), veracross::HostServices());
    return c;
}

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Sealed per call: a context lives 10 minutes, a fuzzing run longer.
std::string fresh_context() {
    veracross::LoginContext login;
    login.state = veracross::random_token(32);
    login.code_verifier = veracross::random_token(32);
    login.redirect_url = "https://pickatime.com/client";
    login.scope = "sso";
    login.created_at = now_seconds();
    return veracross::seal_login_context(config(), login);
}

// Seals any text the way seal_login_context seals its JSON. The salt and the
// version byte repeat login_context.cpp's; should they drift, this mode only
// loses coverage (every context reads as invalid), it never reports falsely.
std::string sealed_plaintext(const std::string &plaintext) {
    const std::string salt = "pickatime.sis/veracross/login-context";
    const veracross::Config &c = config();
    const std::string key = veracross::hkdf_sha256(
        c.client_secret, salt, c.school_route + "\n" + c.client_id + "\n" + c.accounts_base_url, 32);
    return veracross::base64url_encode("\x01" + veracross::aes_gcm_seal(key, plaintext, "\x01" + salt));
}

template <class Make>
std::string replaced(std::string text, const std::string &placeholder, Make make) {
    for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at)) {
        const std::string value = make();
        text.replace(at, placeholder.size(), value);
        at += value.size();
    }
    return text;
}

void open_context(const std::string &sealed) {
    try {
        const veracross::LoginContext c = veracross::open_login_context(config(), sealed, std::chrono::system_clock::now());
        if (now_seconds() - c.created_at > veracross::kLoginContextLifetime.count())
            fuzz::broken("an opened login context is not expired");
    } catch (const PluginError &e) {
        if (e.status() != veracross::Status::auth_failed) fuzz::broken("a bad login context is SIS_AUTH_FAILED");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0) return 0;
    const std::string rest = fuzz::text(data + 1, size - 1);
    switch (data[0] % 3) {
    case 0:
        try {
            connection().sso(replaced(rest, "@login_context@", fresh_context));
            fuzz::broken("no login finishes without Veracross");
        } catch (const PluginError &e) {
            // Both steps stop before any request: a bad request or a refused login.
            if (e.status() != veracross::Status::invalid_config && e.status() != veracross::Status::auth_failed)
                fuzz::broken("an sso request stops at the request or the login: " + fuzz::error_text(e));
        }
        break;
    case 1: open_context(rest); break;
    default:
        open_context(sealed_plaintext(replaced(rest, "@now@", [] { return std::to_string(now_seconds()); })));
        break;
    }
    return 0;
}

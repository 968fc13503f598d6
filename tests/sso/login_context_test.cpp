// The sealed login context: round trip, and refusal of anything changed,
// expired, from the future, or sealed by another school's settings.
#include "sso/login_context.hpp"
#include "common/plugin_error.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace veracross;
using Clock = std::chrono::system_clock;

namespace {

Config settings(const std::string &secret = std::string(64, 'a'), const std::string &route = "demo") {
    Config c;
    c.school_route = route;
    c.client_id = "0123456789abcdef0123456789abcdef";
    c.client_secret = secret;
    return c;
}

LoginContext sample(Clock::time_point now) {
    LoginContext c;
    c.state = "state-123";
    c.nonce = "nonce-456";
    c.code_verifier = "verifier-789-verifier-789-verifier-789-abcdef";
    c.redirect_url = "https://pickatime.com/client";
    c.scope = "openid";
    c.created_at = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    return c;
}

std::string code_of(const std::function<void()> &f) {
    try {
        f();
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::auth_failed);
        return e.code();
    }
    return "no error";
}

} // namespace

TEST_CASE("a login context opens to what was sealed, and shows none of it") {
    const auto now = Clock::now();
    const std::string sealed = seal_login_context(settings(), sample(now));
    const LoginContext opened = open_login_context(settings(), sealed, now + std::chrono::minutes(9));
    CHECK(opened.state == "state-123");
    CHECK(opened.nonce == "nonce-456");
    CHECK(opened.code_verifier == sample(now).code_verifier);
    CHECK(opened.redirect_url == "https://pickatime.com/client");
    CHECK(opened.scope == "openid");
    CHECK(opened.created_at == sample(now).created_at);
    for (const std::string &hidden : std::vector<std::string>{"state-123", "nonce-456", "verifier-789", "pickatime", std::string(64, 'a')})
        CHECK(sealed.find(hidden) == std::string::npos);
    CHECK(sealed.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
}

TEST_CASE("a login context is refused when changed, foreign, expired or from the future") {
    const auto now = Clock::now();
    const std::string sealed = seal_login_context(settings(), sample(now));
    for (std::size_t i = 0; i < sealed.size(); ++i) {
        std::string changed = sealed;
        changed[i] = changed[i] == 'x' ? 'y' : 'x';
        if (changed == sealed) continue;
        CHECK(code_of([&] { open_login_context(settings(), changed, now); }) == "login_context_invalid");
    }
    CHECK(code_of([&] { open_login_context(settings(std::string(64, 'b')), sealed, now); }) == "login_context_invalid");
    CHECK(code_of([&] { open_login_context(settings(std::string(64, 'a'), "other"), sealed, now); }) ==
          "login_context_invalid");
    CHECK(code_of([&] { open_login_context(settings(), "", now); }) == "login_context_invalid");
    CHECK(code_of([&] { open_login_context(settings(), std::string(10000, 'A'), now); }) == "login_context_invalid");

    CHECK(code_of([&] { open_login_context(settings(), sealed, now + std::chrono::seconds(601)); }) ==
          "login_context_expired");
    CHECK_NOTHROW(open_login_context(settings(), sealed, now + std::chrono::seconds(599)));
    CHECK(code_of([&] { open_login_context(settings(), sealed, now - std::chrono::minutes(5)); }) ==
          "login_context_invalid");
}

// The provider's signing keys change under a running plugin: a new key is
// picked up (unknown kid), a withdrawn one stops being trusted once the JWKS
// answer's lifetime has passed, and an unknown kid does not make the plugin
// fetch the JWKS on every login.
#include "interop_fixture.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace interop;

namespace {

std::string signing_kid(ProviderProcess &p) {
    const auto keys = p.settings()->getArray("keys");
    for (std::size_t i = 0; keys && i < keys->size(); ++i) {
        const auto k = keys->getObject(static_cast<unsigned>(i));
        if (k->getValue<bool>("signing")) return k->getValue<std::string>("kid");
    }
    return {};
}

int jwks_requests(ProviderProcess &p) { return p.settings()->getValue<int>("jwks_requests"); }

} // namespace

TEST_CASE("a rotated key (new key published and old withdrawn) is picked up by a running plugin") {
    InteropFixture f("openid");
    REQUIRE(f.login(kJane).completed.status == SIS_OK); // the first key is now kept
    const auto begun = f.begin_and_land(kJane);          // a login in progress spans the rotation
    f.provider.control("keys", R"({"action": "rotate"})");
    f.provider.control("keys", R"({"action": "withdraw"})");
    const auto o = f.complete(begun.landing.query, begun.begun.text("login_context"));
    INFO(o.json);
    // The code was issued before the rotation; its id_token is signed now, with the new key.
    CHECK(o.status == SIS_OK);
    CHECK(f.login(kJane).completed.status == SIS_OK);
}

TEST_CASE("a withdrawn key is no longer trusted once the JWKS answer's max-age has passed") {
    InteropFixture f("openid");
    f.provider.control("settings", R"({"jwks_cache_control": "max-age=1"})");
    REQUIRE(f.login(kJane).completed.status == SIS_OK); // the first key is kept, for 1 s
    const std::string old_kid = signing_kid(f.provider);
    f.provider.control("keys", R"({"action": "rotate"})");
    // The old key leaves the JWKS but still signs: a key someone kept.
    f.provider.control("keys", R"({"action": "unpublish", "kid": ")" + old_kid + "\"}");
    f.provider.control("keys", R"({"action": "sign_with", "kid": ")" + old_kid + "\"}");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const auto o = f.login(kJane).completed;
    INFO(o.json);
    CHECK(o.code() == "id_token_invalid");
    CHECK(check_of(o) == "unknown_key");
}

TEST_CASE("unknown kids do not make the plugin fetch the JWKS on every login") {
    InteropFixture f("openid");
    REQUIRE(f.login(kJane).completed.status == SIS_OK);
    f.provider.control("keys", R"({"action": "rotate"})");
    const std::string kid = signing_kid(f.provider);
    f.provider.control("keys", R"({"action": "unpublish", "kid": ")" + kid + "\"}"); // signs, never published
    const int before = jwks_requests(f.provider);
    for (int i = 0; i < 3; ++i) {
        const auto o = f.login(kJane).completed;
        CHECK(check_of(o) == "unknown_key");
    }
    CHECK(jwks_requests(f.provider) - before <= 1);
}

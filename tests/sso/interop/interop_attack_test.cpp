// Every attack on a login against the certified provider is refused, and
// refused for the right reason: replayed and foreign codes, tampered state,
// PKCE, denied consent, audiences, the issuer of discovery and id_token, and
// the RFC 9207 `iss` of the callback.
#include "interop_fixture.hpp"

#include <catch2/catch.hpp>

using namespace interop;

namespace {

} // namespace

TEST_CASE("a code used twice is refused the second time") {
    InteropFixture f("openid");
    const auto l = f.login(kJane);
    REQUIRE(l.completed.status == SIS_OK);
    const auto again = f.complete(l.landing.query, l.begun.text("login_context"));
    INFO(again.json);
    CHECK(again.status == SIS_AUTH_FAILED);
    CHECK(again.code() == "code_expired_or_used");
}

TEST_CASE("another login's callback is refused by the state") {
    InteropFixture f("openid");
    const auto mine = f.begin_and_land(kJane);
    const auto theirs = f.begin_and_land({"acct-other", "other@example.org", "other", {"Parent"}});
    const auto o = f.complete(theirs.landing.query, mine.begun.text("login_context"));
    INFO(o.json);
    CHECK(o.code() == "state_mismatch");
}

TEST_CASE("another login's code with this login's state is refused by PKCE") {
    InteropFixture f("openid");
    const auto mine = f.begin_and_land(kJane);
    const auto theirs = f.begin_and_land({"acct-other", "other@example.org", "other", {"Parent"}});
    auto injected = mine.landing.query;
    injected["code"] = theirs.landing.query.at("code");
    const auto o = f.complete(injected, mine.begun.text("login_context"));
    INFO(o.json);
    CHECK(o.status == SIS_AUTH_FAILED);
    CHECK(o.code() == "code_expired_or_used");
}

TEST_CASE("a tampered state is refused before the code goes anywhere") {
    InteropFixture f("openid");
    const auto l = f.begin_and_land(kJane);
    auto query = l.landing.query;
    query["state"] += "x";
    const auto o = f.complete(query, l.begun.text("login_context"));
    CHECK(o.code() == "state_mismatch");
    // The code was not spent: the real callback still logs in.
    CHECK(f.complete(l.landing.query, l.begun.text("login_context")).status == SIS_OK);
}

TEST_CASE("denied consent is a cancelled login") {
    InteropFixture f("openid");
    const auto l = f.login(kJane, nullptr, kRedirect, "deny");
    INFO(l.completed.json);
    CHECK(l.completed.status == SIS_AUTH_FAILED);
    CHECK(l.completed.code() == "login_cancelled");
}

TEST_CASE("an id_token for another audience is refused and an audience list needs azp") {
    InteropFixture f("openid");
    f.provider.control("settings", R"({"id_token_audience": "other"})");
    auto o = f.login(kJane).completed;
    CHECK(o.code() == "id_token_invalid");
    CHECK(check_of(o) == "audience");

    f.provider.control("settings", R"({"id_token_audience": "array_without_azp"})");
    o = f.login(kJane).completed;
    CHECK(o.code() == "id_token_invalid");
    CHECK(check_of(o) == "audience");

    f.provider.control("settings", R"({"id_token_audience": "array_with_azp"})");
    CHECK(f.login(kJane).completed.status == SIS_OK);
}

TEST_CASE("a discovery issuer that is not the URL it was fetched from is refused (Discovery 4.3)") {
    const std::string mode = GENERATE("other", "trailing_slash");
    InteropFixture f("openid");
    f.provider.control("settings", std::string(R"({"issuer": ")") + mode + "\"}");
    const auto o = f.login(kJane).completed;
    INFO(o.json);
    CHECK(o.status == SIS_REMOTE_ERROR);
    CHECK(o.code() == "bad_discovery");
    CHECK(o.text("message").find("issuer") != std::string::npos);
}

TEST_CASE("an http issuer for an https discovery URL (as in Veracross's example) is accepted and then binds") {
    InteropFixture f("openid");
    f.provider.control("settings", R"({"issuer": "http"})");
    const auto l = f.login(kJane);
    INFO(l.completed.json);
    CHECK(l.completed.status == SIS_OK);
    CHECK(l.landing.query.at("iss").rfind("http://", 0) == 0);
}

TEST_CASE("the callback's iss (RFC 9207) must be the issuer and without one the login goes on") {
    const std::string scope = GENERATE("openid", "sso");
    InteropFixture f(scope);
    f.provider.control("settings", R"({"iss_param": "wrong"})");
    const auto wrong = f.login(kJane);
    INFO(wrong.completed.json);
    CHECK(wrong.completed.status == SIS_AUTH_FAILED);
    CHECK(wrong.completed.code() == "issuer_mismatch");

    f.provider.control("settings", R"({"iss_param": "absent"})");
    const auto absent = f.login(kJane);
    CHECK_FALSE(absent.landing.query.count("iss"));
    CHECK(absent.completed.status == SIS_OK);
}

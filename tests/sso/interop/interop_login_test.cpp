// Logins that must work against a standard, certified OpenID provider set up
// with Veracross's paths: openid and sso, claims in the id_token or only in
// userinfo, both redirect URLs, and who the user is in the roster (by email,
// several candidates, never by username).
#include "interop_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

using namespace interop;

namespace {

std::vector<std::string> candidate_ids(const Outcome &o) {
    std::vector<std::string> ids;
    const auto list = o.doc->getArray("candidates");
    for (std::size_t i = 0; list && i < list->size(); ++i)
        ids.push_back(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
    return ids;
}

} // namespace

TEST_CASE("openid login with the claims in the id_token to either redirect URL") {
    InteropFixture f("openid");
    const std::string redirect = GENERATE(kRedirect, kWwwRedirect);
    const auto l = f.login(kJane, test_roster(), redirect);
    INFO(l.completed.json);
    REQUIRE(l.completed.status == SIS_OK);
    CHECK(l.completed.text("identity.id") == "myschool:acct-jane");
    CHECK(l.completed.text("identity.email") == "jane@example.org");
    CHECK(l.completed.text("identity.verified_by") == "id_token");
    CHECK(l.completed.text("person.id") == "30");
    CHECK(l.completed.text("person.matched_by") == "email");
    f.check_no_secrets({l.landing.query.at("code"), kClientSecret});
}

TEST_CASE("openid login with the user's claims only in userinfo (OIDC Core 5.4): the plugin reads userinfo") {
    InteropFixture f("openid");
    f.provider.control("settings", R"({"claims_in": "userinfo"})");
    const auto l = f.login(kJane, test_roster());
    INFO(l.completed.json);
    REQUIRE(l.completed.status == SIS_OK);
    CHECK(l.completed.text("identity.sub") == "acct-jane");
    CHECK(l.completed.text("identity.email") == "jane@example.org");
    CHECK(l.completed.text("identity.display_name") == "jane.doe");
    CHECK(l.completed.text("identity.verified_by") == "id_token+userinfo");
    CHECK(l.completed.text("person.id") == "30");
}

TEST_CASE("sso login against a provider that gives userinfo only with openid") {
    InteropFixture f("sso");
    const auto l = f.login(kJane, test_roster());
    INFO(l.completed.json);
    REQUIRE(l.completed.status == SIS_OK);
    CHECK(l.completed.text("identity.email") == "jane@example.org");
    CHECK(l.completed.text("person.id") == "30");
    CHECK(l.completed.code() != "sso_scope_not_enabled");
    f.check_no_secrets({l.landing.query.at("code"), kClientSecret});
}

TEST_CASE("an id_token and userinfo with only sub log the user in without an email") {
    // scope_claims standard: openid alone gives sub only; the plugin still
    // logs the user in, and says there is no email rather than guessing.
    InteropFixture f("openid");
    f.provider.control("settings", R"({"scope_claims": "standard"})");
    const auto l = f.login(kJane);
    INFO(l.completed.json);
    REQUIRE(l.completed.status == SIS_OK);
    CHECK(l.completed.text("identity.sub") == "acct-jane");
    CHECK(l.completed.doc->getObject("identity")->isNull("email"));
}

TEST_CASE("the roster's person is found by email trimmed and in any case") {
    InteropFixture f("openid");
    const auto l = f.login({"acct-j2", "  JANE@Example.ORG ", "someone.else", {"Parent"}}, test_roster());
    INFO(l.completed.json);
    REQUIRE(l.completed.status == SIS_OK);
    CHECK(l.completed.text("person.id") == "30");
    CHECK(l.completed.text("person.matched_by") == "email");
}

TEST_CASE("an email several people share gives every candidate for the host to ask and never a guess") {
    InteropFixture f("openid");
    // pat.home is one candidate's roster username: still no guess.
    const auto l = f.login({"acct-home", "home@family.org", "pat.home", {"Parent"}}, test_roster());
    INFO(l.completed.json);
    REQUIRE(l.completed.status == SIS_OK);
    CHECK_FALSE(l.completed.doc->has("person"));
    CHECK(candidate_ids(l.completed) == std::vector<std::string>{"31", "32"});
    CHECK(l.completed.text("matched_by") == "email");
}

TEST_CASE("preferred_username is for display only: a roster username equal to it does not match") {
    InteropFixture f("openid");
    // Teacher 10's roster username is "jane.doe", but this user's email is nobody's.
    const auto l = f.login({"acct-x", "x@elsewhere.org", "jane.doe", {"Faculty"}}, test_roster());
    INFO(l.completed.json);
    CHECK(l.completed.status == SIS_NOT_FOUND);
    CHECK(l.completed.code() == "user_not_in_roster");
}

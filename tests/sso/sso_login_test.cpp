// Logins end to end over HTTPS through the C ABI: begin, the user's visit
// to the simulated Veracross, complete; for sso (userinfo) and openid (the
// checked id_token), with the person found in the event's roster.
#include "sso/login_context.hpp"
#include "oidc/sso_crypto.hpp"
#include "sso_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include <set>

using namespace sso_test;

namespace {

std::string text(const Poco::JSON::Object::Ptr &o, const std::string &name) { return o->getValue<std::string>(name); }

std::set<std::string> teacher_ids_in_conference(const Poco::JSON::Object &roster, const std::string &parent_id) {
    std::set<std::string> ids;
    const auto conference = roster.getArray("conference");
    for (std::size_t i = 0; i < conference->size(); ++i) {
        const auto entry = conference->getObject(static_cast<unsigned>(i));
        if (entry->getValue<std::string>("parent_id") != parent_id) continue;
        const auto teachers = entry->getArray("teachers");
        for (std::size_t t = 0; t < teachers->size(); ++t)
            ids.insert(teachers->getObject(static_cast<unsigned>(t))->getValue<std::string>("teacher_id"));
    }
    return ids;
}

void check_identity(const Outcome &o, const SsoFixture &f, const vcsim::LoginUser &user, const std::string &verified_by) {
    INFO(o.json);
    REQUIRE(o.status == SIS_OK);
    CHECK(text(o.doc, "action") == "complete");
    const auto identity = o.doc->getObject("identity");
    REQUIRE(identity);
    CHECK(text(identity, "id") == f.school.route + ":" + user.sub);
    CHECK(text(identity, "sub") == user.sub);
    CHECK(text(identity, "school_route") == f.school.route);
    if (user.email.empty())
        CHECK(identity->isNull("email"));
    else
        CHECK(text(identity, "email") == user.email);
    CHECK(text(identity, "display_name") == user.preferred_username);
    CHECK(identity->getArray("roles")->size() == user.roles.size());
    CHECK(text(identity, "verified_by") == verified_by);
}

} // namespace

TEST_CASE("sso login with an application that also has openid asks for both and still reads userinfo") {
    // A standard OpenID provider answers userinfo only for openid tokens; asking for
    // both works there and at Veracross, and is only done when the application has both.
    SsoFixture f("sso");
    const auto &parent = f.bookable_parent();
    const auto login = f.login(parent.sub, f.roster());
    check_identity(login.completed, f, parent, "userinfo");
    CHECK(query_of(text(login.begun.doc, "authorization_url")).at("scope") == "sso openid");
    CHECK(text(login.begun.doc, "scope") == "sso openid");
    CHECK(query_of(text(login.begun.doc, "authorization_url")).count("nonce") == 0);
}

TEST_CASE("sso login: begin sends the user to Veracross with state and PKCE S256, complete asks userinfo") {
    SsoFixture f("sso");
    // An application with sso and not openid, as Veracross's SSO guide sets one up.
    auto scopes = f.school.apps.at(0).enabled_scopes;
    scopes.erase("openid");
    f.sim->set_app_scopes(f.school.route, f.school.apps.at(0).client_id, scopes);
    const auto &parent = f.bookable_parent();
    const auto login = f.login(parent.sub, f.roster());
    check_identity(login.completed, f, parent, "userinfo");

    const auto begun = login.begun.doc;
    const Poco::URI url(text(begun, "authorization_url"));
    CHECK(url.getScheme() + "://" + url.getAuthority() == f.sim->https_base_url());
    CHECK(url.getPath() == "/demo/oauth/authorize");
    const auto query = query_of(text(begun, "authorization_url"));
    CHECK(query.at("response_type") == "code");
    CHECK(query.at("client_id") == f.school.apps.at(0).client_id);
    CHECK(query.at("redirect_uri") == kRedirect);
    CHECK(query.at("scope") == "sso");
    CHECK(query.at("code_challenge_method") == "S256");
    CHECK(query.count("nonce") == 0);
    CHECK(text(begun, "redirect_url") == kRedirect);
    CHECK(text(begun, "scope") == "sso");
    CHECK(begun->getValue<int>("expires_in") == 600);

    // The context holds what the URL was made from; the verifier is only in the context.
    const auto context = veracross::open_login_context(f.config(), text(begun, "login_context"),
                                                       std::chrono::system_clock::now());
    CHECK(query.at("state") == context.state);
    CHECK(context.state.size() >= 22); // >= 128 bits, base64url
    CHECK(query.at("code_challenge") == veracross::base64url_encode(veracross::sha256(context.code_verifier)));
    CHECK(text(begun, "authorization_url").find(context.code_verifier) == std::string::npos);
    CHECK(login.landing.query.at("state") == context.state);

    const auto person = login.completed.doc->getObject("person");
    REQUIRE(person);
    CHECK(text(person, "id") == std::to_string(parent.person_id));
    CHECK(text(person, "id") != parent.sub);
    CHECK(text(person, "kind") == "parent");
    CHECK(text(person, "matched_by") == "email");
    CHECK(person->getValue<bool>("may_book"));
    CHECK_FALSE(person->getValue<bool>("may_be_booked"));
    std::set<std::string> teachers;
    const auto listed = person->getArray("teachers");
    for (std::size_t i = 0; i < listed->size(); ++i) {
        const auto t = listed->getObject(static_cast<unsigned>(i));
        teachers.insert(text(t, "teacher_id"));
        CHECK_FALSE(t->isNull("display_name"));
        CHECK(t->getArray("for")->size() > 0);
    }
    CHECK(teachers == teacher_ids_in_conference(*f.roster(), std::to_string(parent.person_id)));
    CHECK_FALSE(teachers.empty());
}

TEST_CASE("openid login: the id_token is checked and says who logged in, and a teacher may be booked") {
    SsoFixture f("openid");
    const auto &teacher = f.event_teacher();
    const auto login = f.login(teacher.preferred_username, f.roster());
    check_identity(login.completed, f, teacher, "id_token");

    const auto query = query_of(text(login.begun.doc, "authorization_url"));
    CHECK(query.at("scope") == "openid");
    const auto context = veracross::open_login_context(f.config(), text(login.begun.doc, "login_context"),
                                                       std::chrono::system_clock::now());
    CHECK(query.at("nonce") == context.nonce);
    CHECK(context.nonce.size() >= 22);

    const auto person = login.completed.doc->getObject("person");
    REQUIRE(person);
    CHECK(text(person, "id") == std::to_string(teacher.person_id));
    CHECK(text(person, "kind") == "teacher");
    CHECK(person->getValue<bool>("may_be_booked"));
    CHECK(person->getArray("teachers")->size() == 0);
}

TEST_CASE("each begin has its own state, nonce and verifier") {
    SsoFixture f("openid");
    std::set<std::string> states, nonces, verifiers, challenges;
    for (int i = 0; i < 5; ++i) {
        const auto begun = f.begin();
        REQUIRE(begun.status == SIS_OK);
        const auto c = veracross::open_login_context(f.config(), text(begun.doc, "login_context"),
                                                     std::chrono::system_clock::now());
        states.insert(c.state);
        nonces.insert(c.nonce);
        verifiers.insert(c.code_verifier);
        challenges.insert(query_of(text(begun.doc, "authorization_url")).at("code_challenge"));
    }
    CHECK(states.size() == 5);
    CHECK(nonces.size() == 5);
    CHECK(verifiers.size() == 5);
    CHECK(challenges.size() == 5);
}

TEST_CASE("openid: the signing keys are fetched once and kept, and the user's token is revoked after each login") {
    SsoFixture f("openid");
    const auto &parent = f.school.users.front();
    REQUIRE(f.login(parent.sub).completed.status == SIS_OK);

    const auto begun = f.begin();
    const auto landing = open_authorization_url(text(begun.doc, "authorization_url"), parent.sub);
    const auto before = f.sim->counters();
    const auto done = f.complete(landing.query, text(begun.doc, "login_context"));
    INFO(done.json);
    REQUIRE(done.status == SIS_OK);
    const auto after = f.sim->counters();
    CHECK(after.requests - before.requests == 2); // code exchange and revoke: no discovery, no keys
    CHECK(after.token_requests - before.token_requests == 1);
    CHECK(after.revoke_requests - before.revoke_requests == 1);
}

TEST_CASE("sso: a login without a roster gives the identity alone, and the login works from either allowed URL") {
    SsoFixture f("sso");
    const auto &user = f.school.users.back();
    const auto login = f.login(user.preferred_username);
    check_identity(login.completed, f, user, "userinfo");
    CHECK_FALSE(login.completed.doc->has("person"));

    const auto www = f.begin("https://www.pickatime.com/client");
    INFO(www.json);
    CHECK(www.status == SIS_OK);
    CHECK(query_of(text(www.doc, "authorization_url")).at("redirect_uri") == "https://www.pickatime.com/client");
}

// Finding who logged in among an event's people: email (any case, trimmed);
// username only when the school asks; never sub. Shared family emails, dual roles, the teachers a
// parent may book.
#include "common/plugin_error.hpp"
#include "sso/sso_roster_match.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

using namespace veracross;

namespace {

// Teacher 10 (also parent of 20), teacher 11; parents 30 and 31 share a
// family email; parent 32 has no email; 33 may not book.
const char *const kRoster = R"({
  "people": [
    {"id": "10", "kind": "teacher", "display_name": "Ann Teach", "email": "ann@school.org", "username": "ann.teach"},
    {"id": "11", "kind": "teacher", "display_name": "Bob Teach", "email": "bob@school.org", "username": "bob.teach"},
    {"id": "20", "kind": "student", "display_name": "Kid One", "email": null, "username": "kid.one"},
    {"id": "10", "kind": "parent", "display_name": "Ann Teach", "email": "ann@school.org", "username": "ann.teach"},
    {"id": "30", "kind": "parent", "display_name": "Pat Home", "email": "home@family.org", "username": "pat.home"},
    {"id": "31", "kind": "parent", "display_name": "Sam Home", "email": "home@family.org", "username": "sam.home"},
    {"id": "32", "kind": "parent", "display_name": "Lee Quiet", "email": null, "username": "lee.quiet"},
    {"id": "33", "kind": "parent", "display_name": "Max Away", "email": "max@away.org", "username": "max.away"}
  ],
  "links": [
    {"parent_id": "10", "student_id": "20", "may_book": true},
    {"parent_id": "30", "student_id": "20", "may_book": true},
    {"parent_id": "31", "student_id": "20", "may_book": true},
    {"parent_id": "32", "student_id": "20", "may_book": true},
    {"parent_id": "33", "student_id": "20", "may_book": false}
  ],
  "conference": [
    {"parent_id": "30", "teachers": [
      {"teacher_id": "11", "for": [{"student_id": "20", "class_id": "500", "reason": "class"}]},
      {"teacher_id": "10", "for": [{"student_id": "20", "class_id": null, "reason": "homeroom"}]}]}
  ]
})";

const Poco::JSON::Object &roster() {
    static const auto doc = Poco::JSON::Parser().parse(kRoster).extract<Poco::JSON::Object::Ptr>();
    return *doc;
}

SsoIdentity user(const std::string &email, const std::string &username) {
    return {"acct-" + username, username, email, {"Parent"}, "userinfo"};
}

// The fields complete adds: {person} or {candidates, matched_by}.
Poco::JSON::Object::Ptr matched(const SsoIdentity &who, const std::string &match_by = "email") {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    add_roster_match(who, roster(), new Poco::JSON::Object, match_by, *result);
    return result;
}

Poco::JSON::Object::Ptr match(const SsoIdentity &who, const std::string &match_by = "email") {
    const auto result = matched(who, match_by);
    INFO("several candidates where one person was expected");
    REQUIRE(result->has("person"));
    return result->getObject("person");
}

std::string error_code(const SsoIdentity &who, const std::string &match_by = "email") {
    try {
        matched(who, match_by);
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::not_found);
        CHECK(e.details()->has("identity"));
        return e.code();
    }
    return "matched";
}

} // namespace

TEST_CASE("roster match: by email in any case and trimmed, with the teachers the parent may book") {
    const auto bob = match(user("  BOB@School.org ", "robert"));
    CHECK(bob->getValue<std::string>("id") == "11");
    CHECK(bob->getValue<std::string>("matched_by") == "email");
    CHECK(bob->getValue<bool>("may_be_booked"));
    CHECK_FALSE(bob->getValue<bool>("may_book"));
}

TEST_CASE("roster match: a shared email gives every person with it as a candidate, even when a username would pick one") {
    // pat.home is person 30's roster username: Veracross's preferred_username is display-only, so no pick.
    const auto result = matched(user("home@family.org", "pat.home"));
    CHECK_FALSE(result->has("person"));
    CHECK(result->getValue<std::string>("matched_by") == "email");
    const auto candidates = result->getArray("candidates");
    REQUIRE(candidates->size() == 2);
    const auto pat = candidates->getObject(0);
    CHECK(pat->getValue<std::string>("id") == "30");
    CHECK(pat->getValue<std::string>("matched_by") == "email");
    CHECK(pat->getValue<bool>("may_book"));
    const auto teachers = pat->getArray("teachers");
    REQUIRE(teachers->size() == 2);
    CHECK(teachers->getObject(0)->getValue<std::string>("teacher_id") == "11");
    CHECK(teachers->getObject(0)->getValue<std::string>("display_name") == "Bob Teach");
    CHECK(teachers->getObject(1)->getArray("for")->getObject(0)->getValue<std::string>("reason") == "homeroom");
    CHECK(candidates->getObject(1)->getValue<std::string>("id") == "31");
}

TEST_CASE("roster match: by username only when the school says sso_match email_or_username, and never by sub") {
    CHECK(error_code(user("", "Lee.Quiet")) == "user_not_in_roster");
    CHECK(error_code(user("lee.new@mail.org", "lee.quiet")) == "user_not_in_roster");

    const auto lee = match(user("", "Lee.Quiet"), "email_or_username");
    CHECK(lee->getValue<std::string>("id") == "32");
    CHECK(lee->getValue<std::string>("matched_by") == "username");
    CHECK(match(user("lee.new@mail.org", "lee.quiet"), "email_or_username")->getValue<std::string>("id") == "32");
    // An email that matches wins over a username that would match someone else.
    CHECK(match(user("bob@school.org", "lee.quiet"), "email_or_username")->getValue<std::string>("id") == "11");

    SsoIdentity by_sub{"30", "someone", "", {}, "id_token"};
    CHECK(error_code(by_sub, "email_or_username") == "user_not_in_roster");
}

TEST_CASE("roster match: a teacher who is also a parent is one person with both kinds") {
    const auto ann = match(user("ann@school.org", "ann.teach"));
    CHECK(ann->getValue<std::string>("id") == "10");
    const auto kinds = ann->getArray("kinds");
    REQUIRE(kinds->size() == 2);
    CHECK(kinds->getElement<std::string>(0) == "teacher");
    CHECK(kinds->getElement<std::string>(1) == "parent");
    CHECK(ann->getValue<bool>("may_book"));
    CHECK(ann->getValue<bool>("may_be_booked"));
}

TEST_CASE("roster match: a parent without a bookable link may not book") {
    const auto max = match(user("max@away.org", "max.away"));
    CHECK_FALSE(max->getValue<bool>("may_book"));
    CHECK(max->getArray("teachers")->size() == 0);
}

TEST_CASE("roster match: nobody with the email is an error") {
    CHECK(error_code(user("stranger@x.org", "stranger")) == "user_not_in_roster");
    CHECK(error_code(user("", "")) == "user_not_in_roster");
    CHECK(error_code(user("", ""), "email_or_username") == "user_not_in_roster");
}

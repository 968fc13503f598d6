// Finding who logged in among an event's people: email (any case), then
// username; never sub. Shared family emails, dual roles, the teachers a
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

Poco::JSON::Object::Ptr match(const SsoIdentity &who) {
    return match_roster_person(who, roster(), new Poco::JSON::Object);
}

std::string error_code(const SsoIdentity &who) {
    try {
        match(who);
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::not_found);
        CHECK(e.details()->has("identity"));
        return e.code();
    }
    return "matched";
}

} // namespace

TEST_CASE("roster match: by email in any case, with the teachers the parent may book") {
    const auto p = match(user("  HOME@Family.org ", "pat.home"));
    CHECK(p->getValue<std::string>("id") == "30");
    CHECK(p->getValue<std::string>("kind") == "parent");
    CHECK(p->getValue<std::string>("matched_by") == "email and username");
    CHECK(p->getValue<bool>("may_book"));
    CHECK_FALSE(p->getValue<bool>("may_be_booked"));
    const auto teachers = p->getArray("teachers");
    REQUIRE(teachers->size() == 2);
    CHECK(teachers->getObject(0)->getValue<std::string>("teacher_id") == "11");
    CHECK(teachers->getObject(0)->getValue<std::string>("display_name") == "Bob Teach");
    CHECK(teachers->getObject(1)->getArray("for")->getObject(0)->getValue<std::string>("reason") == "homeroom");

    const auto bob = match(user("bob@school.org", "robert"));
    CHECK(bob->getValue<std::string>("id") == "11");
    CHECK(bob->getValue<std::string>("matched_by") == "email");
    CHECK(bob->getValue<bool>("may_be_booked"));
    CHECK_FALSE(bob->getValue<bool>("may_book"));
}

TEST_CASE("roster match: username when the email is unknown or missing, and never sub") {
    const auto lee = match(user("", "Lee.Quiet"));
    CHECK(lee->getValue<std::string>("id") == "32");
    CHECK(lee->getValue<std::string>("matched_by") == "username");
    CHECK(match(user("lee.new@mail.org", "lee.quiet"))->getValue<std::string>("id") == "32");

    SsoIdentity by_sub{"30", "someone", "", {}, "id_token"};
    CHECK(error_code(by_sub) == "user_not_in_roster");
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

TEST_CASE("roster match: nobody, or a shared email no username settles, is an error") {
    CHECK(error_code(user("stranger@x.org", "stranger")) == "user_not_in_roster");
    CHECK(error_code(user("", "")) == "user_not_in_roster");
    CHECK(error_code(user("home@family.org", "grandma.home")) == "user_ambiguous_in_roster");
}

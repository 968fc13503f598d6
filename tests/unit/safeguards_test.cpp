// The import safeguards (docs/conference-rules.md): held large changes,
// bookings at risk, the readiness report and the SSO preview, on small
// hand-made rosters where every expected line can be checked by eye.
#include "common/plugin_error.hpp"
#include "operations/import_safeguards.hpp"
#include "roster/bookings_at_risk.hpp"
#include "roster/event_spec.hpp"
#include "roster/large_change_hold.hpp"
#include "roster/readiness.hpp"
#include "sso/sso_match_preview.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <sstream>

using namespace veracross;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

RosterPerson person(Id id, PersonKind kind, const std::string &email = "", const std::string &first = "P") {
    RosterPerson p;
    p.id = id;
    p.kind = kind;
    p.name = {first, "", std::to_string(id)};
    p.email = email;
    return p;
}

// Teacher 10 teaches class 500 with co-teacher 11; teacher 12 teaches 501.
// Student 100 (parents 200 may book, 201 may not) takes both classes;
// student 101 (parent 202, no email) takes 500; student 102 has no parent.
Roster small_roster() {
    Roster r;
    r.people = {person(10, PersonKind::teacher, "ann@school.org"), person(11, PersonKind::teacher, ""),
                person(12, PersonKind::teacher, "Family@Home.org "), person(100, PersonKind::student),
                person(101, PersonKind::student), person(102, PersonKind::student),
                person(200, PersonKind::parent, "family@home.org"), person(201, PersonKind::parent, "pepe@home.org"),
                person(202, PersonKind::parent, "")};
    r.links = {{200, 100, 1, true, true, true, false, true},
               {201, 100, 2, false, true, true, false, false},
               {202, 101, 1, true, true, true, false, true}};
    r.bookings = {{200, 100, 10, 500, "class", ""}, {200, 100, 11, 500, "class", ""}, {200, 100, 12, 501, "class", ""},
                  {202, 101, 10, 500, "class", ""}, {202, 101, 11, 500, "class", ""}};
    return r;
}

std::vector<std::string> reasons(const std::vector<BookingAtRisk> &at_risk) {
    std::vector<std::string> out;
    for (const auto &r : at_risk)
        out.push_back(std::to_string(r.booking.parent_id) + " " + std::to_string(r.booking.teacher_id) + " " +
                      std::to_string(r.booking.student_id) + " " + r.reason);
    return out;
}

// A roster document as import_event writes it, reduced to what the hold reads.
ResultDigest previous_document(const std::vector<std::pair<std::string, std::string>> &people,
                              const std::vector<std::pair<std::string, std::vector<std::string>>> &conference) {
    std::ostringstream text;
    text << R"({"people":[)";
    for (std::size_t i = 0; i < people.size(); ++i)
        text << (i ? "," : "") << R"({"id":")" << people[i].first << R"(","kind":")" << people[i].second
             << R"(","display_name":"Name )" << people[i].first << R"("})";
    text << R"(],"conference":[)";
    for (std::size_t i = 0; i < conference.size(); ++i) {
        text << (i ? "," : "") << R"({"parent_id":")" << conference[i].first << R"(","teachers":[)";
        for (std::size_t t = 0; t < conference[i].second.size(); ++t)
            text << (t ? "," : "") << R"({"teacher_id":")" << conference[i].second[t] << R"(","for":[]})";
        text << "]}";
    }
    text << "]}";
    return read_result(text.str());
}

std::vector<std::string> texts(const Array::Ptr &list, const std::string &field) {
    std::vector<std::string> out;
    for (std::size_t i = 0; list && i < list->size(); ++i)
        out.push_back(list->getObject(static_cast<unsigned>(i))->get(field).convert<std::string>());
    return out;
}

std::string event_text(const std::string &extra) {
    return R"({"event_id":"fall","name":"Fall","grading_periods":["S1"])" + extra + "}";
}

std::string error_of(const std::string &event) {
    try {
        parse_event_spec(event);
    } catch (const PluginError &e) {
        return e.what();
    }
    return "no error";
}

} // namespace

// ---- bookings at risk ----

TEST_CASE("bookings the new roster still supports are not at risk") {
    const Roster r = small_roster();
    CHECK(bookings_at_risk(r, {{200, 10, 100}, {200, 12, 100}, {202, 10, 101}}).empty());
}

TEST_CASE("a booking only a co-teacher supports is not at risk") {
    const Roster r = small_roster();
    CHECK(bookings_at_risk(r, {{200, 11, 100}, {202, 11, 101}}).empty());
    Roster without_co_teacher = r;
    without_co_teacher.bookings.erase(without_co_teacher.bookings.begin() + 1); // (200, 100, 11)
    CHECK(reasons(bookings_at_risk(without_co_teacher, {{200, 11, 100}})) ==
          std::vector<std::string>{"200 11 100 teacher_no_longer_teaches_student"});
}

TEST_CASE("each booking at risk says why") {
    const Roster r = small_roster();
    const auto at_risk = bookings_at_risk(r, {{200, 10, 100},  // stands
                                              {200, 10, 999},  // no such student
                                              {203, 10, 100},  // parent not linked to the child
                                              {201, 10, 100},  // linked, may not book
                                              {200, 12, 101},  // 200 is not 101's parent
                                              {202, 12, 101}}); // 12 does not teach 101
    CHECK(reasons(at_risk) == std::vector<std::string>{"200 10 999 student_not_in_roster", "203 10 100 parent_not_linked",
                                                       "201 10 100 parent_may_not_book", "200 12 101 parent_not_linked",
                                                       "202 12 101 teacher_no_longer_teaches_student"});
    const auto json = bookings_at_risk_json(at_risk);
    REQUIRE(json->size() == 5);
    const auto first = json->getObject(0);
    CHECK(first->getValue<std::string>("parent_id") == "200");
    CHECK(first->getValue<std::string>("student_id") == "999");
    CHECK_THAT(first->getValue<std::string>("message"), Catch::Contains("student 999"));
}

TEST_CASE("an event's bookings are read with their ids as text or numbers") {
    const auto e = parse_event_spec(event_text(
        R"(,"bookings":[{"parent_id":"200","teacher_id":10,"student_id":"100"}],"accept_large_change":true,"large_change_percent":25)"));
    REQUIRE(e.safeguards.bookings.size() == 1);
    CHECK(e.safeguards.bookings[0].parent_id == 200);
    CHECK(e.safeguards.bookings[0].teacher_id == 10);
    CHECK(e.safeguards.bookings_given);
    CHECK(e.safeguards.accept_large_change);
    CHECK(e.safeguards.large_change_percent == 25);
    const auto plain = parse_event_spec(event_text(""));
    CHECK_FALSE(plain.safeguards.bookings_given);
    CHECK_FALSE(plain.safeguards.accept_large_change);
    CHECK(plain.safeguards.large_change_percent == 10);
}

TEST_CASE("a bad booking in the event names the item and the field") {
    CHECK_THAT(error_of(event_text(R"(,"bookings":[{"parent_id":"1","teacher_id":"2","student_id":"3"},{"parent_id":"1","student_id":"3"}])")),
               Catch::Contains("bookings item 2.teacher_id: is missing"));
    CHECK_THAT(error_of(event_text(R"(,"bookings":[{"parent_id":"x1","teacher_id":"2","student_id":"3"}])")),
               Catch::Contains("bookings item 1.parent_id: must be a person id"));
    CHECK_THAT(error_of(event_text(R"(,"bookings":[{"parent_id":true,"teacher_id":"2","student_id":"3"}])")),
               Catch::Contains("bookings item 1.parent_id: must be a person id"));
    CHECK_THAT(error_of(event_text(R"(,"bookings":[7])")), Catch::Contains("bookings item 1: must be an object"));
    CHECK_THAT(error_of(event_text(R"(,"bookings":{"parent_id":"1"})")), Catch::Contains("bookings: must be a list"));
    CHECK_THAT(error_of(event_text(R"(,"large_change_percent":150)")), Catch::Contains("large_change_percent: must be a number from 0 to 100"));
    CHECK_THAT(error_of(event_text(R"(,"accept_large_change":"yes")")), Catch::Contains("accept_large_change: must be true or false"));
}

// ---- large changes ----

TEST_CASE("removing more than the threshold of the people is a large change") {
    // 10 people before; the roster keeps 8 of them: 20% removed.
    std::vector<std::pair<std::string, std::string>> people;
    for (int i = 1; i <= 10; ++i) people.push_back({std::to_string(i), i <= 2 ? "student" : "parent"});
    const auto previous = previous_document(people, {});
    Roster now;
    for (Id i = 3; i <= 10; ++i) now.people.push_back(person(i, PersonKind::parent));
    now.people.push_back(person(50, PersonKind::student)); // added: not a removal
    auto change = measure_large_change(previous, now, 10);
    CHECK(change.people_before == 10);
    CHECK(change.people_removed == 2);
    CHECK(change.large());
    CHECK_FALSE(measure_large_change(previous, now, 20).large()); // exactly 20%: not more
    CHECK(measure_large_change(previous, now, 19.9).large());
    const auto people_share = change.details->getObject("people");
    CHECK(people_share->getValue<double>("percent") == 20.0);
    CHECK(change.details->getObject("people_removed_by_kind")->getValue<int>("student") == 2);
    CHECK(texts(change.details->getArray("removed_people"), "id") == std::vector<std::string>{"1", "2"});
}

TEST_CASE("removing more than the threshold of the bookable pairs is a large change") {
    // Pairs before: (1,10) (1,11) (2,10) (3,12) -> now only (1,10) and (3,12): 2 of 4 removed.
    const auto previous = previous_document({{"1", "parent"}, {"2", "parent"}, {"3", "parent"}, {"10", "teacher"},
                                             {"11", "teacher"}, {"12", "teacher"}},
                                            {{"1", {"10", "11"}}, {"2", {"10"}}, {"3", {"12"}}});
    Roster now;
    for (Id id : {1, 2, 3, 10, 11, 12}) now.people.push_back(person(id, id < 10 ? PersonKind::parent : PersonKind::teacher));
    now.bookings = {{1, 100, 10, 500, "class", ""}, {1, 101, 10, 501, "class", ""}, {3, 102, 12, 502, "class", ""}};
    const auto change = measure_large_change(previous, now, 10);
    CHECK(change.people_removed == 0);
    CHECK(change.pairs_before == 4);
    CHECK(change.pairs_removed == 2);
    CHECK(change.large());
    const auto teachers = change.details->getArray("teachers_losing_most_pairs");
    CHECK(texts(teachers, "teacher_id") == std::vector<std::string>{"10", "11"});
    CHECK(texts(teachers, "pairs_removed") == std::vector<std::string>{"1", "1"});
    CHECK(texts(teachers, "display_name") == std::vector<std::string>{"Name 10", "Name 11"});
    CHECK_FALSE(measure_large_change(previous, now, 50).large());
}

TEST_CASE("a previous result of another shape removes nothing") {
    const auto previous = read_result(R"({"held":{"people":{}}})");
    const auto change = measure_large_change(previous, small_roster(), 10);
    CHECK(change.people_before == 0);
    CHECK_FALSE(change.large());
}

// ---- readiness ----

TEST_CASE("readiness lists students no parent can be reached for with the reason") {
    const auto report = readiness_report(small_roster());
    const auto students = report->getArray("students_without_reachable_parent");
    CHECK(texts(students, "student_id") == std::vector<std::string>{"101", "102"});
    CHECK(texts(students, "why") == std::vector<std::string>{"no_bookable_parent_with_email", "no_parent_linked"});
    Roster none_may_book = small_roster();
    none_may_book.links[0].may_book = false;
    CHECK(texts(readiness_report(none_may_book)->getArray("students_without_reachable_parent"), "why") ==
          std::vector<std::string>{"no_parent_may_book", "no_bookable_parent_with_email", "no_parent_linked"});
}

TEST_CASE("readiness lists teachers without email and shared emails") {
    const auto report = readiness_report(small_roster());
    CHECK(texts(report->getArray("teachers_without_email"), "teacher_id") == std::vector<std::string>{"11"});
    const auto shared = report->getArray("shared_emails");
    REQUIRE(shared->size() == 1); // teacher 12 and parent 200: same email in another case, with a space
    CHECK(shared->getObject(0)->getValue<std::string>("email") == "family@home.org");
    CHECK(shared->getObject(0)->getValue<std::string>("between") == "staff-parent");
    Roster siblings = small_roster();
    siblings.people[2].email = "ann2@school.org";
    siblings.people[7].email = "family@home.org"; // parent 201
    const auto parents = readiness_report(siblings)->getArray("shared_emails");
    REQUIRE(parents->size() == 1);
    CHECK(parents->getObject(0)->getValue<std::string>("between") == "parent-parent");
    CHECK(texts(parents, "email") == std::vector<std::string>{"family@home.org"});
}

TEST_CASE("one person listed as teacher and parent does not share an email with themself") {
    Roster r = small_roster();
    r.people.push_back(person(10, PersonKind::parent, "ann@school.org"));
    CHECK(readiness_report(r)->getArray("shared_emails")->size() == 1); // only 12 and 200
}

TEST_CASE("a student sharing an email with a parent is not a shared email in readiness") {
    Roster r = small_roster();
    r.people[2].email = "ann2@school.org";  // teacher 12 no longer shares with parent 200
    r.people[3].email = "family@home.org"; // student 100 shares with parent 200: SSO's business, not readiness's
    CHECK(readiness_report(r)->getArray("shared_emails")->size() == 0);
}

// A teacher (10) who is also the parent of student 100, the only one who may book for him.
Roster teacher_parent_roster() {
    Roster r;
    RosterPerson both = person(10, PersonKind::teacher, "ann@school.org");
    both.roles = {PersonKind::teacher, PersonKind::parent};
    r.people = {both, person(100, PersonKind::student)};
    r.links = {{10, 100, 1, true, true, true, false, true}};
    r.bookings = {{10, 100, 12, 500, "class", ""}};
    return r;
}

TEST_CASE("readiness lists no student whose only bookable parent is a teacher with an email") {
    CHECK(readiness_report(teacher_parent_roster())->getArray("students_without_reachable_parent")->size() == 0);
    Roster no_email = teacher_parent_roster();
    no_email.people[0].email = "";
    CHECK(texts(readiness_report(no_email)->getArray("students_without_reachable_parent"), "why") ==
          std::vector<std::string>{"no_bookable_parent_with_email"});
}

// ---- SSO preview ----

TEST_CASE("the SSO preview of an import judges a teacher who is also a parent as both") {
    const SafeguardReport report = check_safeguards(teacher_parent_roster(), EventSpec{}, "email");
    const auto sso = report.readiness->getObject("sso_match");
    CHECK(sso->getObject("teachers")->getValue<int>("total") == 1);
    CHECK(sso->getObject("parents")->getValue<int>("total") == 1);
    CHECK(sso->getObject("parents")->getValue<int>("recognised") == 1);
    CHECK(sso->getArray("collisions")->size() == 0); // one person, not two sharing an email
}

TEST_CASE("the SSO preview recognises a unique email and says why not otherwise") {
    const std::vector<SsoPreviewPerson> people{
        {"10", "teacher", "ann@school.org", "ateach"}, {"11", "teacher", "", "bco"},
        {"12", "teacher", "Family@Home.org", ""},      {"100", "student", "zoe@school.org", ""},
        {"200", "parent", " family@home.org", ""},     {"201", "parent", "pepe@home.org", ""},
        {"202", "parent", "", ""},                     {"10", "parent", "ann@school.org", "ateach"}};
    const auto preview = sso_match_preview(people, "email");
    CHECK(preview->getValue<std::string>("match_by") == "email");
    CHECK(preview->getObject("teachers")->getValue<int>("total") == 3);
    CHECK(preview->getObject("teachers")->getValue<int>("recognised") == 1); // 10
    CHECK(preview->getObject("parents")->getValue<int>("total") == 4);
    CHECK(preview->getObject("parents")->getValue<int>("recognised") == 2); // 10 (as parent), 201
    const auto missed = preview->getArray("not_recognised");
    CHECK(texts(missed, "id") == std::vector<std::string>{"11", "12", "200", "202"});
    CHECK(texts(missed, "reason") == std::vector<std::string>{"no_email", "shared_email", "shared_email", "no_email"});
    const auto collisions = preview->getArray("collisions");
    REQUIRE(collisions->size() == 1);
    CHECK(collisions->getObject(0)->getValue<std::string>("email") == "family@home.org");
    const auto ids = collisions->getObject(0)->getArray("ids");
    CHECK(ids->size() == 2);
}

TEST_CASE("with email_or_username the SSO preview recognises a unique username when there is no email") {
    const std::vector<SsoPreviewPerson> people{{"11", "teacher", "", "bco"}, {"12", "teacher", "", "same"},
                                               {"13", "staff", "", "same"}, {"202", "parent", "", ""}};
    const auto preview = sso_match_preview(people, "email_or_username");
    CHECK(preview->getValue<std::string>("match_by") == "email_or_username");
    CHECK(preview->getObject("teachers")->getValue<int>("recognised") == 1);
    CHECK(texts(preview->getArray("not_recognised"), "reason") ==
          std::vector<std::string>{"shared_username", "no_email"});
    CHECK(sso_match_preview(people, "email")->getObject("teachers")->getValue<int>("recognised") == 0);
}

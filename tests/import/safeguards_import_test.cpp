// The import safeguards end to end against the simulator (docs/conference-rules.md):
// a large change held, then accepted; bookings at risk after a day of
// changes, judged against rules_truth; the readiness report and the SSO
// preview, judged from the roster's own people and links by this test.
#include "import_fixture.hpp"
#include "school/rules_truth.hpp"

#include <catch2/catch.hpp>

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <map>
#include <set>
#include <sstream>

using namespace import_test;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

template <class Each> void each_object(const Object &doc, const std::string &list, Each each) {
    const Array::Ptr items = doc.getArray(list);
    for (std::size_t i = 0; items && i < items->size(); ++i) each(*items->getObject(static_cast<unsigned>(i)));
}

std::set<std::pair<std::string, std::string>> parent_teacher_pairs(const Object &roster) {
    std::set<std::pair<std::string, std::string>> pairs;
    each_object(roster, "conference", [&](const Object &parent) {
        each_object(parent, "teachers", [&](const Object &t) { pairs.insert({text_or_empty(parent, "parent_id"), text_or_empty(t, "teacher_id")}); });
    });
    return pairs;
}

template <class Set> std::size_t removed(const Set &before, const Set &after) {
    std::size_t n = 0;
    for (const auto &x : before) n += !after.count(x);
    return n;
}

Object event_after(const Object::Ptr &previous) {
    auto event = event_for("Semester 1");
    event.set("previous", previous);
    event.set("full_import", true);
    return event;
}

} // namespace

TEST_CASE("an import removing a third of the students is held and publishes nothing until accepted") {
    // Two sizes: the plugin reads a previous result under 1 MiB at once, a
    // larger one's lists beside the fetch (import_event.cpp).
    const int students = GENERATE(300, 600);
    ImportFixture f({"demo", 5, students});
    const ImportRun first = f.import(event_for("Semester 1"));
    REQUIRE(first.status == SIS_OK);
    CHECK((first.json.size() < 1024 * 1024) == (students == 300));
    withdraw_a_third(f);

    auto event = event_after(first.doc);
    const ImportRun held = f.import(event);
    INFO(held.json.substr(0, 600));
    REQUIRE(held.status == SIS_OK);
    REQUIRE(held.doc->has("held"));
    for (const char *list : {"people", "links", "classes", "enrollments", "conference", "cursor", "large_change"})
        CHECK_FALSE(held.doc->has(list));
    CHECK(held.doc->has("diff"));
    CHECK(held.doc->has("readiness"));

    // A test import of the same change is a preview: it says it would hold, and holds nothing.
    auto test_event = event;
    test_event.set("dry_run", true);
    const ImportRun preview = f.import(test_event);
    REQUIRE(preview.status == SIS_OK);
    CHECK_FALSE(preview.doc->has("held"));
    REQUIRE(preview.doc->has("large_change"));
    CHECK_FALSE(preview.doc->getObject("large_change")->getValue<bool>("accepted"));

    event.set("accept_large_change", true);
    const ImportRun accepted = f.import(event);
    REQUIRE(accepted.status == SIS_OK);
    CHECK_FALSE(accepted.doc->has("held"));
    REQUIRE(accepted.doc->has("people"));
    REQUIRE(accepted.doc->has("cursor"));
    CHECK(accepted.doc->getObject("large_change")->getValue<bool>("accepted"));

    // The held numbers, from the two rosters themselves.
    const auto h = held.doc->getObject("held");
    const auto before_people = person_ids(*first.doc), after_people = person_ids(*accepted.doc);
    const auto before_pairs = parent_teacher_pairs(*first.doc), after_pairs = parent_teacher_pairs(*accepted.doc);
    CHECK(h->getObject("people")->getValue<std::size_t>("before") == before_people.size());
    CHECK(h->getObject("people")->getValue<std::size_t>("removed") == removed(before_people, after_people));
    CHECK(h->getObject("bookable_pairs")->getValue<std::size_t>("before") == before_pairs.size());
    CHECK(h->getObject("bookable_pairs")->getValue<std::size_t>("removed") == removed(before_pairs, after_pairs));
    CHECK(h->getValue<double>("threshold_percent") == 10);
    const double pairs_percent = 100.0 * removed(before_pairs, after_pairs) / before_pairs.size();
    CHECK(pairs_percent > 10);
    CHECK(h->getObject("bookable_pairs")->getValue<double>("percent") == Approx(pairs_percent).margin(0.05));
    // The largest removals: the teacher who lost most pairs comes first.
    std::map<std::string, std::size_t> lost;
    for (const auto &pair : before_pairs) lost[pair.second] += !after_pairs.count(pair);
    std::size_t most = 0;
    for (const auto &t : lost) most = std::max(most, t.second);
    const auto teachers = h->getArray("teachers_losing_most_pairs");
    REQUIRE(teachers->size() > 0);
    CHECK(teachers->getObject(0)->getValue<std::size_t>("pairs_removed") == most);
    CHECK(lost.at(teachers->getObject(0)->getValue<std::string>("teacher_id")) == most);

    // A threshold above the change lets it through.
    auto relaxed = event_after(first.doc);
    relaxed.set("large_change_percent", 90);
    const ImportRun through = f.import(relaxed);
    REQUIRE(through.status == SIS_OK);
    CHECK_FALSE(through.doc->has("held"));
    CHECK(through.doc->has("people"));
}

TEST_CASE("a repeat import with few changes is not held") {
    ImportFixture f({"demo", 6, 300});
    const ImportRun first = f.import(event_for("Semester 1"));
    REQUIRE(first.status == SIS_OK);
    const std::string when = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ");
    f.sim->mutate_school("demo", [&](vcsim::School &s) { vcsim::change_school(s, 21, when, true); });
    const ImportRun second = f.import(event_after(first.doc));
    REQUIRE(second.status == SIS_OK);
    CHECK_FALSE(second.doc->has("held"));
    CHECK_FALSE(second.doc->has("large_change"));
    CHECK(second.doc->has("people"));
}

TEST_CASE("bookings at risk after a day of changes are those rules_truth no longer allows") {
    ImportFixture f({"demo", 7, 300});
    const ImportRun first = f.import(event_for("Semester 1"));
    REQUIRE(first.status == SIS_OK);
    // The host's bookings: every parent-teacher-student the first roster allows.
    Array::Ptr bookings = new Array;
    std::set<std::tuple<std::string, std::string, std::string>> booked;
    each_object(*first.doc, "conference", [&](const Object &parent) {
        each_object(parent, "teachers", [&](const Object &t) {
            each_object(t, "for", [&](const Object &why) {
                if (!booked.insert({text_or_empty(parent, "parent_id"), text_or_empty(t, "teacher_id"), text_or_empty(why, "student_id")}).second) return;
                Object::Ptr b = new Object;
                b->set("parent_id", text_or_empty(parent, "parent_id"));
                b->set("teacher_id", text_or_empty(t, "teacher_id"));
                b->set("student_id", text_or_empty(why, "student_id"));
                bookings->add(b);
            });
        });
    });
    REQUIRE(bookings->size() > 100);

    const std::string when = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ");
    f.sim->mutate_school("demo", [&](vcsim::School &s) { vcsim::change_school(s, 21, when, true); });
    f.sim->read_school("demo", [&](const vcsim::School &s) { f.school = s; });

    auto event = event_after(first.doc);
    event.set("dry_run", true); // a test import lists them too
    event.set("bookings", bookings);
    const ImportRun run = f.import(event);
    INFO(run.json.substr(0, 400));
    REQUIRE(run.status == SIS_OK);
    REQUIRE(run.doc->has("bookings_at_risk"));

    // What rules_truth says of the changed school, and the reason each lost booking has.
    const auto truth = vcsim::rules_truth(f.school, f.truth_query("Semester 1"));
    std::set<std::string> students, allowed;
    std::map<std::string, bool> links; // "parent student" -> may book
    for (const auto &p : truth.people) {
        std::istringstream in(p);
        std::string id, kind;
        in >> id >> kind;
        if (kind == "student") students.insert(id);
    }
    for (const auto &l : truth.links) {
        std::istringstream in(l);
        std::string parent, student, may;
        in >> parent >> student >> may;
        links[parent + " " + student] = may == "may_book";
    }
    for (const auto &b : truth.bookings) {
        std::istringstream in(b);
        std::string parent, student, teacher;
        in >> parent >> student >> teacher;
        allowed.insert(parent + " " + teacher + " " + student);
    }
    std::set<std::string> expected;
    for (const auto &[parent, teacher, student] : booked) {
        std::string reason;
        if (!students.count(student)) reason = "student_not_in_roster";
        else if (!links.count(parent + " " + student)) reason = "parent_not_linked";
        else if (!links.at(parent + " " + student)) reason = "parent_may_not_book";
        else if (!allowed.count(parent + " " + teacher + " " + student)) reason = "teacher_no_longer_teaches_student";
        if (!reason.empty()) expected.insert(parent + " " + teacher + " " + student + " " + reason);
    }
    std::set<std::string> reported, reasons;
    each_object(*run.doc, "bookings_at_risk", [&](const Object &b) {
        reported.insert(text_or_empty(b, "parent_id") + " " + text_or_empty(b, "teacher_id") + " " + text_or_empty(b, "student_id") + " " +
                        text_or_empty(b, "reason"));
        reasons.insert(text_or_empty(b, "reason"));
        CHECK_FALSE(text_or_empty(b, "message").empty());
    });
    CHECK(reported == expected);
    // change_school withdraws a student, drops a relationship and an enrollment,
    // and turns portal access off (and on) on some relationships.
    CHECK(reasons.count("student_not_in_roster"));
    CHECK(reasons.count("parent_not_linked"));
    CHECK(reasons.count("parent_may_not_book"));
    CHECK(reasons.count("teacher_no_longer_teaches_student"));
}

TEST_CASE("the readiness report and the SSO preview match the roster's own people and links") {
    ImportFixture f({"demo", 8, 300});
    const ImportRun run = f.import(event_for("Semester 1"));
    REQUIRE(run.status == SIS_OK);
    REQUIRE(run.doc->has("readiness"));
    const auto readiness = run.doc->getObject("readiness");

    // The people and links judged from below are the ground truth's
    // (rules_truth judges them from the records, apart from the importer).
    const auto truth = vcsim::rules_truth(f.school, f.truth_query("Semester 1"));
    const auto got = conference_view_of(*run.doc);
    CHECK(got.people == truth.people);
    CHECK(got.links == truth.links);

    // Judged here from people and links: one entry per (id, role) (a teacher
    // who is also a parent is both), emails compared trimmed and in any case.
    struct Entry {
        std::string id, kind, email;
    };
    std::vector<Entry> entries;
    each_object(*run.doc, "people", [&](const Object &p) {
        const auto roles = p.getArray("roles");
        REQUIRE(roles);
        for (std::size_t i = 0; i < roles->size(); ++i)
            entries.push_back({text_or_empty(p, "id"), roles->getElement<std::string>(static_cast<unsigned>(i)),
                               Poco::toLower(Poco::trim(text_or_empty(p, "email")))});
    });
    std::map<std::string, std::set<std::string>> ids_by_email, staff_or_parent_ids_by_email;
    std::set<std::string> parents_with_email, teachers_without_email;
    for (const auto &e : entries) {
        if (!e.email.empty()) ids_by_email[e.email].insert(e.id);
        if (!e.email.empty() && e.kind != "student") staff_or_parent_ids_by_email[e.email].insert(e.id);
        if (e.kind == "parent" && !e.email.empty()) parents_with_email.insert(e.id);
        if (e.kind == "teacher" && e.email.empty()) teachers_without_email.insert(e.id);
    }
    std::set<std::string> reachable, students;
    each_object(*run.doc, "links", [&](const Object &l) {
        if (l.getValue<bool>("may_book") && parents_with_email.count(text_or_empty(l, "parent_id"))) reachable.insert(text_or_empty(l, "student_id"));
    });
    for (const auto &e : entries)
        if (e.kind == "student" && !reachable.count(e.id)) students.insert(e.id);

    std::set<std::string> got_students, got_teachers;
    each_object(*readiness, "students_without_reachable_parent", [&](const Object &s) { got_students.insert(text_or_empty(s, "student_id")); });
    each_object(*readiness, "teachers_without_email", [&](const Object &t) { got_teachers.insert(text_or_empty(t, "teacher_id")); });
    CHECK(got_students == students);
    CHECK(got_teachers == teachers_without_email);
    CHECK_FALSE(students.empty()); // the scripted student without parents, at least

    // Shared emails among parents and staff: the scripted siblings' parents share one.
    std::set<std::string> shared;
    for (const auto &[e, ids] : staff_or_parent_ids_by_email)
        if (ids.size() > 1) shared.insert(e);
    std::set<std::string> got_shared, between;
    each_object(*readiness, "shared_emails", [&](const Object &s) {
        got_shared.insert(text_or_empty(s, "email"));
        between.insert(text_or_empty(s, "between"));
    });
    CHECK(got_shared == shared);
    CHECK(between.count("parent-parent"));
    CHECK(between.count("staff-parent")); // the parent with their child's teacher's email

    // SSO: a teacher or parent is recognised when their email is theirs alone.
    const auto sso = readiness->getObject("sso_match");
    REQUIRE(sso);
    std::size_t teachers = 0, parents = 0, teachers_ok = 0, parents_ok = 0;
    std::set<std::pair<std::string, std::string>> judged;
    for (const auto &e : entries) {
        if ((e.kind != "teacher" && e.kind != "parent") || !judged.insert({e.id, e.kind}).second) continue;
        const bool ok = !e.email.empty() && ids_by_email.at(e.email).size() == 1;
        (e.kind == "teacher" ? teachers : parents) += 1;
        (e.kind == "teacher" ? teachers_ok : parents_ok) += ok;
    }
    CHECK(sso->getObject("teachers")->getValue<std::size_t>("total") == teachers);
    CHECK(sso->getObject("teachers")->getValue<std::size_t>("recognised") == teachers_ok);
    CHECK(sso->getObject("parents")->getValue<std::size_t>("total") == parents);
    CHECK(sso->getObject("parents")->getValue<std::size_t>("recognised") == parents_ok);
    CHECK(parents_ok < parents); // the shared family email and the mother without email
    std::size_t collisions = 0;
    for (const auto &entry : ids_by_email) collisions += entry.second.size() > 1;
    CHECK(sso->getArray("collisions")->size() == collisions);
    std::set<std::string> reasons;
    each_object(*sso, "not_recognised", [&](const Object &n) { reasons.insert(text_or_empty(n, "reason")); });
    CHECK(reasons == std::set<std::string>{"no_email", "shared_email"});
}

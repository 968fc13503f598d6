// What the two optional scopes add to an import (docs/conference-rules.md):
// co-teachers from academics/permissions and class terms from
// academics/class_schedules when granted, primary teachers and dates when
// not; and named conference days. Each checked against the ground truth.
#include "import_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

using namespace import_test;

namespace {

const std::set<std::string> kOptional = {"academics.permissions:list", "academics.class_schedules:list"};

std::vector<std::string> notes_of(const ImportRun &run) {
    std::vector<std::string> out;
    if (auto notes = run.doc->getArray("notes"))
        for (const auto &n : *notes) out.push_back(n.toString());
    return out;
}

bool some_note_says(const ImportRun &run, const std::string &text) {
    for (const auto &n : notes_of(run))
        if (n.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("with the optional scopes, co-teachers are bookable and class schedules decide the classes") {
    for (auto spec : {vcsim::SchoolSpec{"demo", 4, 300}, vcsim::SchoolSpec{"demo", 9, 1200}}) {
        INFO("seed " << spec.seed << ", " << spec.students << " students");
        ImportFixture f(spec);
        for (const auto &scope : kOptional) REQUIRE(f.school.apps.at(0).enabled_scopes.count(scope));
        const auto q = f.truth_query("Semester 1");
        REQUIRE(q.co_teachers);
        REQUIRE(q.class_terms);
        auto run = f.import(event_for("Semester 1"));
        INFO(run.json.substr(0, 400));
        REQUIRE(run.status == SIS_OK);
        const auto want = bookings_of(vcsim::conference_truth(f.school, q));
        CHECK(bookings_of(*run.doc) == want);
        // Both additions change the answer, so this import really used them.
        auto primary_only = q;
        primary_only.co_teachers = false;
        CHECK(bookings_of(vcsim::conference_truth(f.school, primary_only)) != want);
        auto by_dates = q;
        by_dates.class_terms = false;
        CHECK(bookings_of(vcsim::conference_truth(f.school, by_dates)) != want);
        CHECK(some_note_says(run, "class schedules"));
        CHECK(some_note_says(run, "co-teachers too"));
    }
}

TEST_CASE("without the optional scopes, primary teachers and dates, and the notes say why") {
    ImportFixture f({"demo", 4, 300});
    auto &app = f.school.apps.at(0);
    for (const auto &scope : kOptional) app.enabled_scopes.erase(scope);
    f.sim->set_app_scopes("demo", app.client_id, app.enabled_scopes);
    const auto q = f.truth_query("Semester 1");
    REQUIRE_FALSE(q.co_teachers);
    REQUIRE_FALSE(q.class_terms);
    auto run = f.import(event_for("Semester 1"));
    INFO(run.json.substr(0, 400));
    REQUIRE(run.status == SIS_OK);
    CHECK(bookings_of(*run.doc) == bookings_of(vcsim::conference_truth(f.school, q)));
    CHECK(some_note_says(run, "academics.permissions:list, which was not granted"));
    CHECK(some_note_says(run, "academics.class_schedules:list was not granted"));
    CHECK(f.sim->counters().data_requests_by_resource.count("academics/permissions") == 0);
}

TEST_CASE("on named conference days, only students in class that day count") {
    for (auto spec : {vcsim::SchoolSpec{"demo", 7, 600}, vcsim::SchoolSpec{"demo", 2, 150}}) {
        INFO("seed " << spec.seed << ", " << spec.students << " students");
        ImportFixture f(spec);
        for (const std::vector<std::string> &days :
             {std::vector<std::string>{"2025-10-20"}, std::vector<std::string>{"2025-12-15", "2025-09-10"}}) {
            auto event = event_for("Semester 1");
            Poco::JSON::Array list;
            for (const auto &d : days) list.add(d);
            event.set("conference_days", list);
            auto q = f.truth_query("Semester 1");
            q.conference_days = days;
            auto run = f.import(event);
            INFO(run.json.substr(0, 400));
            REQUIRE(run.status == SIS_OK);
            const auto want = bookings_of(vcsim::conference_truth(f.school, q));
            CHECK(bookings_of(*run.doc) == want);
            CHECK(want != bookings_of(vcsim::conference_truth(f.school, f.truth_query("Semester 1"))));
        }
    }
}

TEST_CASE("a conference day that is not a date is refused, naming the field") {
    ImportFixture f({"demo", 1, 50});
    auto event = event_for("Semester 1");
    Poco::JSON::Array list;
    list.add("20 October");
    event.set("conference_days", list);
    auto run = f.import(event);
    CHECK(run.status == SIS_INVALID_CONFIG);
    CHECK(run.json.find("conference_days") != std::string::npos);
}

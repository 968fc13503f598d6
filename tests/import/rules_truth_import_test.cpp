// The whole conference view of an import (bookings, warnings, people, links,
// classes) against rules_truth, the ground truth judged from
// docs/conference-rules.md apart from the importer; compared as multisets,
// so a duplicate shows as surely as a missing entry.
#include "import_fixture.hpp"
#include "school/rules_truth.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace import_test;

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

bool has_code(const std::multiset<std::string> &warnings, const std::string &code) {
    return std::any_of(warnings.begin(), warnings.end(), [&](const std::string &w) { return w.rfind(code + ":", 0) == 0; });
}

// The cases tests/school/rules_cases.cpp scripts into every school are in
// the view: a truth and an importer that both lost one would still agree.
void check_scripted_cases(const vcsim::School &school, const vcsim::ConferenceView &want, bool semester_1) {
    CHECK(has_code(want.warnings, "grading_period_in_several_years")); // last year's periods, same names
    CHECK(has_code(want.warnings, "shared_email"));
    CHECK(has_code(want.warnings, "teacher_not_found"));
    CHECK(has_code(want.warnings, "enrollment_of_unknown_student"));
    // The teacher who left mid-year, before Semester 1 ends, and their classes.
    if (semester_1) {
        CHECK(has_code(want.warnings, "teacher_terminated"));
        CHECK(has_code(want.warnings, "class_without_bookable_teacher"));
    }
    // The staff member who is a parent, under one id: in people as a parent.
    std::set<std::string> staff;
    for (const auto &r : school.resources.at("staff_faculty").records) staff.insert(std::to_string(r->getValue<long long>("id")));
    CHECK(std::any_of(want.people.begin(), want.people.end(), [&](const std::string &p) {
        return staff.count(p.substr(0, p.find(' '))) && p.find("parent") != std::string::npos;
    }));
}

void check_view(ImportFixture &f, const Object &event, const vcsim::EventQuery &q) {
    auto run = f.import(event);
    INFO(run.json.substr(0, 400));
    REQUIRE(run.status == SIS_OK);
    const auto got = conference_view_of(*run.doc);
    const auto want = vcsim::rules_truth(f.school, q);
    CHECK(!want.bookings.empty());
    check_scripted_cases(f.school, want, q.grading_period_names == std::vector<std::string>{"Semester 1"});
    const std::pair<const char *, std::pair<const std::multiset<std::string> *, const std::multiset<std::string> *>> parts[] = {
        {"bookings", {&got.bookings, &want.bookings}}, {"warnings", {&got.warnings, &want.warnings}},
        {"people", {&got.people, &want.people}},       {"links", {&got.links, &want.links}},
        {"classes", {&got.classes, &want.classes}}};
    for (const auto &part : parts) {
        INFO(part.first << ": " << differences(*part.second.first, *part.second.second));
        CHECK(*part.second.first == *part.second.second);
    }
}

} // namespace

TEST_CASE("an import's whole conference view equals the rules judged directly, for several schools and options") {
    struct Variant {
        vcsim::SchoolSpec school;
        const char *period;
        bool portal, custodial, advisors;
    };
    const Variant variants[] = {{{"demo", 1, 50}, "Semester 1", false, true, false},
                                {{"demo", 7, 500}, "Quarter 2", true, true, true},
                                {{"demo", 3, 900}, "Semester 1", false, false, true}};
    for (const auto &v : variants) {
        INFO("seed " << v.school.seed << ", " << v.school.students << " students, " << v.period);
        ImportFixture f(v.school);
        // With every scope granted: co-teachers from academics/permissions,
        // terms from academics/class_schedules, both judged by rules_truth.
        auto event = event_for(v.period);
        Object options;
        options.set("include_without_portal_access", v.portal);
        options.set("include_non_custodial", v.custodial);
        options.set("include_advisors", v.advisors);
        event.set("options", options);
        vcsim::EventQuery q = f.truth_query(v.period);
        REQUIRE(q.co_teachers);
        REQUIRE(q.class_terms);
        q.include_without_portal_access = v.portal;
        q.include_non_custodial = v.custodial;
        q.include_advisors = v.advisors;
        check_view(f, event, q);
    }
}

// Split households (docs/conference-rules.md, "Split households"): one
// booking group per household of a student's parents who may book, on small
// hand-made schools.
#include "common/plugin_error.hpp"
#include "roster/booking_groups.hpp"
#include "roster/delta_cursor.hpp"
#include "roster/roster_builder.hpp"
#include "roster/roster_json.hpp"
#include "unit/roster_views.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <map>
#include <set>

using namespace veracross;
using roster_views::fall_event;

namespace {

// Student 100 (household 5) in class 500 (teacher 10) and 501 (teacher 11);
// mother 200 lives with him (household 5), father 201 elsewhere
// (household 6); both may book.
SchoolData divorced_family() {
    SchoolData d;
    d.staff = {{10, {"Ann", "", "Teach"}, "ann@school.org", "ateach", "Faculty", "", 0, 0, "", ""},
               {11, {"Ben", "", "Math"}, "ben@school.org", "bmath", "Faculty", "", 0, 0, "", ""}};
    d.parents = {{200, {"Maria", "", "Lopez"}, "maria@home.org", "", "Parent", 5, ""},
                 {201, {"José", "", "Lopez"}, "jose@home.org", "", "Parent", 6, ""}};
    d.students = {{100, {"Zoë", "", "Lopez"}, "", "", 5, 11, 3, 1, 0, 0, ""}};
    d.relationships = {{1, 100, 200, 1, true, true, true, false, "Joint Custody", ""},
                       {2, 100, 201, 2, true, true, false, false, "Joint Custody", ""}};
    d.grading_periods = {{1, 2026, 1, "Fall Semester", "S1", "Semesters", "2026-09-01", "2027-01-20", ""}};
    d.classes = {{500, "ENG-11", "English 11", "English", "ENG", 77, 3, 2026, 1, 10, "2026-09-01", "2027-01-20", ""},
                 {501, "MAT-11", "Algebra", "Algebra", "MAT", 78, 3, 2026, 1, 11, "2026-09-01", "2027-01-20", ""}};
    d.enrollments = {{900, 500, 100, "", "", ""}, {901, 501, 100, "", "", ""}};
    return d;
}

// (parent, student) -> the groups its bookings carry ("" = none). Every
// booking of a pair must carry the same group: two would be a bug.
std::map<std::pair<Id, Id>, std::string> groups(const Roster &r) {
    std::map<std::pair<Id, Id>, std::set<std::string>> seen;
    for (const auto &b : r.bookings) seen[{b.parent_id, b.student_id}].insert(b.booking_group);
    std::map<std::pair<Id, Id>, std::string> out;
    for (const auto &[pair, found] : seen) {
        CHECK(found.size() == 1);
        out[pair] = *found.begin();
    }
    return out;
}

using Groups = std::map<std::pair<Id, Id>, std::string>;

} // namespace

TEST_CASE("parents in two households book in one group per household") {
    const Roster r = build_roster(divorced_family(), fall_event());
    REQUIRE(r.bookings.size() == 4); // two parents, two teachers
    CHECK(groups(r) == Groups{{{200, 100}, "household-5"}, {{201, 100}, "household-6"}});
}

TEST_CASE("parents in one household are not split") {
    auto d = divorced_family();
    d.parents[1].household_id = 5;
    const Roster r = build_roster(d, fall_event());
    REQUIRE(r.bookings.size() == 4);
    CHECK(groups(r) == Groups{{{200, 100}, ""}, {{201, 100}, ""}});
}

TEST_CASE("only parents who may book count for the split") {
    auto d = divorced_family();
    d.relationships[1].parent_portal_access = false; // the father in household 6 may not book
    const Roster r = build_roster(d, fall_event());
    CHECK(groups(r) == Groups{{{200, 100}, ""}});
    auto spec = fall_event();
    spec.options.include_without_portal_access = true; // now he may, and the student is split again
    CHECK(groups(build_roster(d, spec)) == Groups{{{200, 100}, "household-5"}, {{201, 100}, "household-6"}});
}

TEST_CASE("a parent in no household lives with the child when resident or else books alone") {
    auto d = divorced_family();
    d.parents[1].household_id = 0;
    d.relationships[1].resident = true; // lives with the child: the child's household 5
    CHECK(groups(build_roster(d, fall_event())) == Groups{{{200, 100}, ""}, {{201, 100}, ""}});
    d.relationships[1].resident = false; // lives elsewhere, no household known: alone
    CHECK(groups(build_roster(d, fall_event())) == Groups{{{200, 100}, "household-5"}, {{201, 100}, "parent-201"}});
    d.students[0].household_id = 0; // a resident parent of a child in no household books alone too
    d.relationships[1].resident = true;
    CHECK(groups(build_roster(d, fall_event())) == Groups{{{200, 100}, "household-5"}, {{201, 100}, "parent-201"}});
}

TEST_CASE("the household of a parent who is also staff is the parent record's") {
    auto d = divorced_family();
    // The father works at the school: one id in both lists, two household ids.
    d.staff.push_back({201, {"José", "", "Lopez"}, "jose@school.org", "", "Faculty", "", 5, 0, "", ""});
    CHECK(groups(build_roster(d, fall_event())) == Groups{{{200, 100}, "household-5"}, {{201, 100}, "household-6"}});
    d.parents[1].household_id = 0; // the staff record's when the parent record has none
    CHECK(groups(build_roster(d, fall_event())) == Groups{{{200, 100}, ""}, {{201, 100}, ""}});
    d.staff.back().household_id = 7;
    CHECK(groups(build_roster(d, fall_event())) == Groups{{{200, 100}, "household-5"}, {{201, 100}, "household-7"}});
}

TEST_CASE("split_households false gives every booking no group") {
    auto spec = fall_event();
    spec.options.split_households = false;
    const Roster r = build_roster(divorced_family(), spec);
    REQUIRE(r.bookings.size() == 4);
    CHECK(groups(r) == Groups{{{200, 100}, ""}, {{201, 100}, ""}});
}

TEST_CASE("the event option split_households is read and a bad value names it") {
    const auto text = [](const std::string &options) {
        return R"({"event_id":"fall","name":"Fall","grading_periods":["S1"],"options":)" + options + "}";
    };
    CHECK(parse_event_spec(text("{}")).options.split_households);
    CHECK_FALSE(parse_event_spec(text(R"({"split_households":false})")).options.split_households);
    CHECK(parse_event_spec(text(R"({"split_households":true})")).options.split_households);
    try {
        parse_event_spec(text(R"({"split_households":"no"})"));
        FAIL("a text value was accepted");
    } catch (const PluginError &e) {
        CHECK_THAT(e.what(), Catch::Contains("options.split_households: must be true or false"));
    }
}

TEST_CASE("groups come from Veracross ids alone: reordered records and unrelated changes keep them") {
    const Roster first = build_roster(divorced_family(), fall_event());
    auto d = divorced_family();
    std::reverse(d.parents.begin(), d.parents.end());
    std::reverse(d.relationships.begin(), d.relationships.end());
    d.relationships[0].id = 7; // re-created records with new ids
    d.relationships[1].id = 3;
    d.parents.push_back({202, {"Ana", "", "Other"}, "ana@home.org", "", "Parent", 9, ""}); // another family
    d.students.push_back({101, {"Leo", "", "Other"}, "", "", 9, 11, 3, 1, 0, 0, ""});
    d.relationships.push_back({4, 101, 202, 1, true, true, true, false, "", ""});
    d.enrollments.push_back({902, 500, 101, "", "", ""});
    const Roster again = build_roster(d, fall_event());
    auto want = groups(first);
    want[{202, 101}] = "";
    CHECK(groups(again) == want);
}

TEST_CASE("a delta import over the cursor gives the groups a full import gives") {
    // The first import's cursor, then a change: the father's relationship
    // record edited (no longer resident), read back as a delta.
    auto full = divorced_family();
    full.parents[1].household_id = 0;
    full.relationships[1].resident = true;
    JsonWriter out;
    out.begin_object();
    write_cursor(out.key("cursor"), "demo", std::chrono::system_clock::now(), full);
    const std::string previous_text = out.end_object().take();
    std::string why_not;
    auto base = read_delta_base(read_result(previous_text), "demo", why_not);
    INFO(why_not);
    REQUIRE(base);

    full.relationships[1].resident = false;
    full.relationships[1].last_modified = "2026-10-02T08:00:00Z";
    SchoolData fetched; // staff and parents whole, the filtered collections' changes only
    fetched.staff = full.staff;
    fetched.parents = full.parents;
    fetched.relationships = {full.relationships[1]};
    apply_changes(fetched, std::move(*base));

    const Groups want{{{200, 100}, "household-5"}, {{201, 100}, "parent-201"}};
    CHECK(groups(build_roster(full, fall_event())) == want);
    CHECK(groups(build_roster(fetched, fall_event())) == want);
}

TEST_CASE("the conference view shows each booking's group and counts the split students") {
    auto spec = fall_event();
    ValueLists lists;
    const ImportContext ctx{"demo", &spec, &lists};
    auto d = divorced_family();
    d.parents.push_back({202, {"Ana", "", "Other"}, "ana@home.org", "", "Parent", 9, ""}); // one household: no group
    d.students.push_back({101, {"Leo", "", "Other"}, "", "", 9, 11, 3, 1, 0, 0, ""});
    d.relationships.push_back({4, 101, 202, 1, true, true, true, false, "", ""});
    d.enrollments.push_back({902, 500, 101, "", "", ""});
    const auto doc = roster_to_json(build_roster(d, spec), ctx);
    std::map<std::string, std::set<std::string>> shown; // "parent student" -> groups ("null")
    const auto conference = doc->getArray("conference");
    for (std::size_t i = 0; i < conference->size(); ++i) {
        const auto parent = conference->getObject(static_cast<unsigned>(i));
        const auto teachers = parent->getArray("teachers");
        for (std::size_t t = 0; t < teachers->size(); ++t) {
            const auto why = teachers->getObject(static_cast<unsigned>(t))->getArray("for");
            for (std::size_t k = 0; k < why->size(); ++k) {
                const auto item = why->getObject(static_cast<unsigned>(k));
                REQUIRE(item->has("booking_group"));
                shown[parent->getValue<std::string>("parent_id") + " " + item->getValue<std::string>("student_id")]
                    .insert(item->isNull("booking_group") ? "null" : item->getValue<std::string>("booking_group"));
            }
        }
    }
    CHECK(shown == std::map<std::string, std::set<std::string>>{
                       {"200 100", {"household-5"}}, {"201 100", {"household-6"}}, {"202 101", {"null"}}});
    CHECK(doc->getObject("counts")->getValue<int>("students_split_by_household") == 1);
    CHECK(doc->getObject("event")->getObject("options")->getValue<bool>("split_households"));
}

TEST_CASE("household_group names the parent's household or the child's or the parent") {
    CHECK(household_group({201, 6, false}, 5) == "household-6");
    CHECK(household_group({201, 6, true}, 5) == "household-6"); // a household of their own comes first
    CHECK(household_group({201, 0, true}, 5) == "household-5");
    CHECK(household_group({201, 0, false}, 5) == "parent-201");
    CHECK(household_group({201, 0, true}, 0) == "parent-201");
}

TEST_CASE("booking_groups splits only a student with two groups or more") {
    CHECK(booking_groups(100, 5, {{200, 5, true}, {201, 5, false}}).empty());
    CHECK(booking_groups(100, 5, {{200, 5, true}}).empty());
    CHECK(booking_groups(100, 5, {}).empty());
    CHECK(booking_groups(100, 5, {{200, 5, true}, {201, 6, false}, {202, 6, false}}) ==
          Groups{{{200, 100}, "household-5"}, {{201, 100}, "household-6"}, {{202, 100}, "household-6"}});
}

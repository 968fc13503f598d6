// The event's grading periods (docs/conference-rules.md section 1): names
// resolve within one school year, each class is judged against its own
// school level's periods; and a staff member who is a parent is one person.
#include "common/plugin_error.hpp"
#include "roster/roster_builder.hpp"
#include "roster/roster_json.hpp"
#include "unit/roster_views.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <stdexcept>

using namespace veracross;
using namespace roster_views;

namespace {

void add_lists(SchoolData &d) {
    d.value_lists.add(*Poco::JSON::Parser()
                           .parse(R"([{"fields":["school_level"],"items":[{"id":1,"description":"Lower School"},
                                        {"id":2,"description":"Middle School"},{"id":3,"description":"Upper School"}]},
                                      {"fields":["school_year"],"items":[{"id":2025,"description":"2025-2026"},
                                        {"id":2026,"description":"2026-2027"}]}])")
                           .extract<Poco::JSON::Array::Ptr>());
}

// Student 100 (Upper School) with mother 200; teacher 10. "Semester 1" is
// listed for last year (id 1) and this year (id 2); last year's class 499
// and this year's class 500 both have the student.
SchoolData two_years() {
    SchoolData d;
    d.staff = {{10, {"Ann", "", "Teach"}, "ann@school.org", "ateach", "Faculty", "", 0, 0, "", ""},
               {11, {"Old", "", "Teach"}, "old@school.org", "oteach", "Faculty", "", 0, 0, "", ""}};
    d.parents = {{200, {"Maria", "", "Lopez"}, "maria@home.org", "", "Parent", 5, ""}};
    d.students = {{100, {"Zoë", "", "Lopez"}, "", "", 5, 11, 3, 0, 0, 0, ""}};
    d.relationships = {{1, 100, 200, 1, true, true, true, false, "", ""}};
    d.grading_periods = {{1, 2025, 1, "Semester 1", "S1", "Semesters", "2025-09-01", "2026-01-20", ""},
                         {2, 2026, 2, "Semester 1", "S1", "Semesters", "2026-09-01", "2027-01-20", ""},
                         {3, 2025, 1, "Winter Term", "WT", "Terms", "2026-01-05", "2026-03-20", ""}};
    d.classes = {{499, "ENG-10", "English 10", "English", "ENG", 76, 3, 2025, 1, 11, "2025-09-01", "2026-06-10", ""},
                 {500, "ENG-11", "English 11", "English", "ENG", 77, 3, 2026, 1, 10, "2026-09-01", "2027-06-10", ""}};
    d.enrollments = {{898, 499, 100, "", "", ""}, {900, 500, 100, "", "", ""}};
    add_lists(d);
    return d;
}

// The error parse_event_spec gives for `json`; the test fails when it accepts it.
PluginError refusal_of(const std::string &json) {
    try {
        parse_event_spec(json);
    } catch (const PluginError &e) {
        return e;
    }
    FAIL("accepted: " << json);
    throw std::logic_error("unreachable"); // FAIL throws
}

} // namespace

TEST_CASE("a period name resolves in the current school year and one listed in several years is warned about") {
    auto r = build_roster(two_years(), fall_event({"Semester 1"}, "2026-10-01"));
    REQUIRE(r.grading_periods.size() == 1);
    CHECK(r.grading_periods[0].id == 2);
    CHECK(r.school_year == 2026);
    // Last year's class and its enrollment are not in this year's event.
    CHECK(bookings(r) == Bookings{{200, 100, 10, 500}});
    CHECK(warnings(r) == Warnings{{"grading_period_in_several_years", {"1"}}});
    CHECK_THAT(r.warnings[0].message,
               Catch::Contains("2025-2026 and 2026-2027") && Catch::Contains("took those of 2026-2027"));
    CHECK(r.window_start == "2026-09-01");
}

TEST_CASE("the current school year is the one in session then the next to begin then the last") {
    const auto year_on = [](Date today) { return build_roster(two_years(), fall_event({"Semester 1"}, today)).school_year; };
    CHECK(year_on("2025-09-01") == 2025); // in session, first day
    CHECK(year_on("2026-03-20") == 2025); // Winter Term ends that day: still last year
    CHECK(year_on("2026-03-21") == 2026); // summer: the year about to begin
    CHECK(year_on("2027-01-20") == 2026);
    CHECK(year_on("2028-05-01") == 2026); // after every year: the last
    CHECK(year_on("2024-05-01") == 2025); // before every year: the first to begin
    auto spec = fall_event({"Semester 1"}, "2026-10-01");
    spec.conference_days = {"2025-11-20"}; // the conference day decides, not today
    CHECK(build_roster(two_years(), spec).school_year == 2025);
}

TEST_CASE("an event may name its school year and a name that year lacks is an error naming the field") {
    auto spec = fall_event({"Semester 1"}, "2026-10-01");
    spec.school_year = "2025-2026";
    auto r = build_roster(two_years(), spec);
    REQUIRE(r.grading_periods.size() == 1);
    CHECK(r.grading_periods[0].id == 1);
    CHECK(bookings(r) == Bookings{{200, 100, 11, 499}});
    spec.school_year = "2025"; // the value-list id works too
    CHECK(build_roster(two_years(), spec).grading_periods[0].id == 1);
    spec.school_year = "1999-2000";
    CHECK_THROWS_WITH(build_roster(two_years(), spec),
                      Catch::Contains("school_year") && Catch::Contains("2025-2026, 2026-2027"));
    // Winter Term exists only last year: this year's event cannot take it by name.
    CHECK_THROWS_WITH(build_roster(two_years(), fall_event({"Winter Term"}, "2026-10-01")),
                      Catch::Contains("grading_periods") && Catch::Contains("'Winter Term' is a grading period of 2025-2026 only") &&
                          Catch::Contains("school_year"));
    CHECK(build_roster(two_years(), fall_event({"3"}, "2026-10-01")).grading_periods[0].id == 3); // by id: as is
}

TEST_CASE("each class is judged against its own school level's periods") {
    SchoolData d = two_years();
    d.classes.clear();
    d.enrollments.clear();
    d.students.push_back({101, {"Tom", "", "Lopez"}, "", "", 5, 7, 2, 0, 0, 0, ""});
    d.students.push_back({102, {"Lea", "", "Lopez"}, "", "", 5, 2, 1, 0, 0, 0, ""});
    d.relationships.push_back({2, 101, 200, 1, true, true, true, false, "", ""});
    d.relationships.push_back({3, 102, 200, 1, true, true, true, false, "", ""});
    // This year's Semester 1 ends 2027-01-15 in Upper School, 2027-01-25 in Middle School.
    d.grading_periods = {{2, 2026, 2, "Semester 1", "S1", "Upper School Semesters", "2026-09-01", "2027-01-15", ""},
                         {4, 2026, 3, "Semester 1", "S1", "Middle School Semesters", "2026-09-01", "2027-01-25", ""}};
    d.classes = {{500, "ENG-11", "English 11", "English", "ENG", 77, 3, 2026, 1, 10, "2026-09-01", "2027-01-15", ""},
                 // Upper School, second semester only: after its level's Semester 1
                 {501, "ART-11", "Art 11", "Art", "ART", 78, 3, 2026, 1, 10, "2027-01-18", "", ""},
                 // Middle School, from 2027-01-18: inside its own level's Semester 1
                 {502, "ART-7", "Art 7", "Art", "ART", 79, 2, 2026, 1, 10, "2027-01-18", "2027-06-10", ""},
                 // Lower School: no period of its level chosen
                 {503, "ART-2", "Art 2", "Art", "ART", 80, 1, 2026, 1, 10, "2026-09-01", "2027-06-10", ""}};
    d.enrollments = {{900, 500, 100, "", "", ""},
                     {901, 501, 100, "", "", ""},
                     {902, 502, 101, "", "", ""},
                     {903, 503, 102, "", "", ""},
                     // joined Upper School English after its Semester 1 ended
                     {904, 500, 101, "2027-01-20", "", ""}};
    EventSpec spec = fall_event({"Semester 1"}, "2026-10-01");
    auto r = build_roster(d, spec);
    CHECK(bookings(r) == Bookings{{200, 100, 10, 500}, {200, 101, 10, 502}});
    CHECK(warnings(r) == Warnings{{"enrollment_outside_event_dates", {"904"}}});
    CHECK(r.period_levels == std::map<Id, Id>{{2, 3}, {4, 2}});
    REQUIRE(r.classes.size() == 2);
    CHECK(r.classes[0].grading_period_ids == std::vector<Id>{2});
    CHECK(r.classes[1].grading_period_ids == std::vector<Id>{4});
    REQUIRE(r.notes.size() == 3);
    CHECK(r.notes[2] == "1 class(es) of Lower School were left out: none of the event's grading periods is of their school level");

    // The result names each period's year and level.
    ImportContext ctx{"demo", &spec, &d.value_lists};
    auto json = roster_to_json(r, ctx);
    auto event_json = json->getObject("event");
    CHECK(event_json->getObject("school_year")->getValue<std::string>("description") == "2026-2027");
    auto first = event_json->getArray("grading_periods")->getObject(0);
    CHECK(first->getValue<std::string>("id") == "2");
    CHECK(first->getObject("school_level")->getValue<std::string>("description") == "Upper School");
    CHECK(first->getObject("school_year")->getValue<std::string>("description") == "2026-2027");
    CHECK(first->getValue<std::string>("end") == "2027-01-15");
}

TEST_CASE("a period that names no school level is for every level") {
    SchoolData d = two_years();
    d.classes[1].school_level = 1; // a Lower School class: "Semesters" names no level
    auto r = build_roster(d, fall_event({"Semester 1"}, "2026-10-01"));
    CHECK(bookings(r) == Bookings{{200, 100, 10, 500}});
    CHECK(r.period_levels.at(2) == 0);
}

TEST_CASE("a teacher who left before the last conference day is not bookable, before the first or last of several") {
    SchoolData d = two_years();
    d.staff[0].date_terminated = "2026-11-01"; // the window ends 2027-01-20
    auto spec = fall_event({"Semester 1"}, "2026-10-01");
    CHECK(bookings(build_roster(d, spec)).empty());
    spec.conference_days = {"2026-10-15"};
    auto before = build_roster(d, spec);
    CHECK(bookings(before) == Bookings{{200, 100, 10, 500}});
    CHECK(warnings(before) == Warnings{{"grading_period_in_several_years", {"1"}}});
    spec.conference_days = {"2026-10-15", "2026-11-01"}; // there on the last day
    CHECK(bookings(build_roster(d, spec)) == Bookings{{200, 100, 10, 500}});
    spec.conference_days = {"2026-11-02", "2026-10-15"};
    auto gone = build_roster(d, spec);
    CHECK(bookings(gone).empty());
    CHECK(warnings(gone) == Warnings{{"grading_period_in_several_years", {"1"}},
                                     {"class_without_bookable_teacher", {"500"}},
                                     {"teacher_terminated", {"10"}}});
    for (const auto &w : gone.warnings)
        if (w.code == "teacher_terminated") CHECK_THAT(w.message, Catch::Contains("before the last conference day"));
}

TEST_CASE("a staff member who is also a parent is one entry with every role") {
    SchoolData d = two_years();
    d.parents[0].id = 10; // teacher 10 is the student's mother: one person id
    d.relationships[0].related_person_id = 10;
    auto spec = fall_event({"Semester 1"}, "2026-10-01");
    auto r = build_roster(d, spec);
    CHECK(bookings(r) == Bookings{{10, 100, 10, 500}});
    REQUIRE(r.people.size() == 2);
    CHECK(r.people[0].id == 10);
    CHECK(r.people[0].kind == PersonKind::teacher);
    CHECK(r.people[0].roles == std::vector<PersonKind>{PersonKind::teacher, PersonKind::parent});
    CHECK(r.people[1].roles == std::vector<PersonKind>{PersonKind::student});
    ImportContext ctx{"demo", &spec, &d.value_lists};
    auto json = roster_to_json(r, ctx);
    auto person = json->getArray("people")->getObject(0);
    CHECK(person->getValue<std::string>("kind") == "teacher");
    auto roles = person->getArray("roles");
    REQUIRE(roles->size() == 2);
    CHECK(roles->getElement<std::string>(1) == "parent");
    auto counts = json->getObject("counts");
    CHECK(counts->getValue<int>("teachers") == 1);
    CHECK(counts->getValue<int>("parents") == 1);
    CHECK(counts->getValue<int>("students") == 1);
    CHECK(json->getArray("households")->getObject(0)->getArray("member_ids")->size() == 2);
}

TEST_CASE("the event spec's school year is a name or an id and anything else names the field") {
    const std::string head = R"({"event_id":"e","name":"n","grading_periods":["Semester 1"],"school_year":)";
    CHECK(parse_event_spec(head + R"("2025-2026"})").school_year == "2025-2026");
    CHECK(parse_event_spec(head + "2025}").school_year == "2025");
    CHECK(parse_event_spec(head + "null}").school_year.empty());
    for (const char *bad : {"true}", R"(""})", "[2025]}", "{}}"}) {
        const PluginError e = refusal_of(head + bad);
        CHECK(e.status() == veracross::Status::invalid_config);
        CHECK_THAT(e.what(), Catch::StartsWith("event spec: school_year: must be a school year's id or name"));
    }
}

TEST_CASE("a grading period or level item that is not an id or a name names the item and what to write") {
    const std::string head = R"({"event_id":"e","name":"n",)";
    CHECK(parse_event_spec(head + R"("grading_periods":[12,"Semester 1"]})").grading_periods ==
          std::vector<std::string>{"12", "Semester 1"});
    const std::string to_write = R"(write a grading period's id (a whole number) or its name ("Semester 1"))";
    const std::pair<const char *, std::string> bad[] = {
        {R"("grading_periods":[true]})", "grading_periods: item 1 is true: " + to_write},
        {R"("grading_periods":["Semester 1",false]})", "grading_periods: item 2 is false: " + to_write},
        {R"("grading_periods":[null]})", "grading_periods: item 1 is null: " + to_write},
        {R"("grading_periods":[[1]]})", "grading_periods: item 1 is a list: " + to_write},
        {R"("grading_periods":[{"id":1}]})", "grading_periods: item 1 is a map: " + to_write},
        {R"("grading_periods":[""]})", "grading_periods: item 1 is empty text: " + to_write},
        {R"("grading_periods":[1.5]})", "grading_periods: item 1 is a number that is not whole: " + to_write},
        {R"("grading_periods":[1],"school_levels":[true]})",
         R"(school_levels: item 1 is true: write a school level's id (a whole number) or its name ("Upper School"))"},
        {R"("grading_periods":[1],"grade_levels":[null]})",
         R"(grade_levels: item 1 is null: write a grade level's id (a whole number) or its name ("9th Grade"))"},
    };
    for (const auto &[json, message] : bad) {
        const PluginError e = refusal_of(head + json);
        CHECK(e.status() == veracross::Status::invalid_config);
        CHECK(std::string(e.what()) == "event spec: " + message);
        CHECK(e.details()->getValue<std::string>("field") == message.substr(0, message.find(':')));
    }
}

TEST_CASE("a class's own school level window runs from its earliest chosen period's start to its latest one's end") {
    // This year's Semester 1 and Semester 2 chosen together: a class that
    // meets only in Semester 2 is in the event, as is the whole-year class.
    SchoolData d = two_years();
    d.grading_periods.push_back({4, 2026, 3, "Semester 2", "S2", "Semesters", "2027-01-21", "2027-06-10", ""});
    d.classes.push_back({501, "ART-11", "Art 11", "Art", "ART", 78, 3, 2026, 1, 10, "2027-02-01", "2027-06-10", ""});
    d.enrollments.push_back({901, 501, 100, "", "", ""});
    auto both = build_roster(d, fall_event({"Semester 1", "Semester 2"}, "2026-10-01"));
    CHECK(bookings(both) == Bookings{{200, 100, 10, 500}, {200, 100, 10, 501}});
    auto first = build_roster(d, fall_event({"Semester 1"}, "2026-10-01"));
    CHECK(bookings(first) == Bookings{{200, 100, 10, 500}});
}

// The importer's join rules (docs/conference-rules.md) on small hand-made
// schools, where every expected booking can be checked by eye.
#include "records/page_reader.hpp"
#include "common/plugin_error.hpp"
#include "roster/roster_builder.hpp"
#include "roster/roster_diff.hpp"
#include "roster/roster_json.hpp"
#include "unit/roster_views.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <sstream>

using namespace veracross;
using namespace roster_views;

namespace {

// A school with one upper-school class (teacher 10) in the fall semester,
// student 100 in it, and parents 200 (mother, portal access) and 201
// (father, no portal access).
SchoolData small_school() {
    SchoolData d;
    d.staff = {{10, {"Ann", "", "Teach"}, "ann@school.org", "ateach", "Faculty", "", 0, 0, "", ""},
               {11, {"Ben", "", "Advise"}, "", "badvise", "Faculty", "", 0, 0, "", ""}};
    d.parents = {{200, {"Maria", "", "Lopez"}, "maria@home.org", "", "Parent", 5, ""},
                 {201, {"José", "Pepe", "Lopez"}, "jose@home.org", "", "Parent", 5, ""}};
    d.students = {{100, {"Zoë", "", "Lopez"}, "", "", 5, 11, 3, 1, 11, 11, ""}};
    RelationshipRecord mother{1, 100, 200, 1, true, true, true, false, "", ""};
    RelationshipRecord father{2, 100, 201, 2, false, true, true, false, "", ""};
    d.relationships = {mother, father};
    d.grading_periods = {{1, 2026, 1, "Fall Semester", "S1", "Semesters", "2026-09-01", "2027-01-20", ""},
                         {2, 2026, 2, "Q1", "Q1", "Quarters", "2026-09-01", "2026-11-05", ""},
                         {3, 2026, 3, "Spring Semester", "S2", "Semesters", "2027-01-21", "2027-06-10", ""}};
    d.classes = {{500, "ENG-11", "English 11", "English", "ENG", 77, 3, 2026, 1, 10, "2026-09-01", "2027-01-20", ""}};
    d.enrollments = {{900, 500, 100, "", "", ""}};
    Poco::JSON::Array::Ptr lists = Poco::JSON::Parser()
        .parse(R"([{"fields":["school_level"],"items":[{"id":3,"description":"Upper School"},{"id":2,"description":"Middle School"}]},
                   {"fields":["relationship"],"items":[{"id":1,"description":"Mother"},{"id":2,"description":"Father"}]}])")
        .extract<Poco::JSON::Array::Ptr>();
    d.value_lists.add(*lists);
    return d;
}

} // namespace

TEST_CASE("a parent with portal access may book their child's teacher") {
    auto r = build_roster(small_school(), fall_event());
    CHECK(bookings(r) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
    CHECK(r.window_start == "2026-09-01");
    CHECK(r.window_end == "2027-01-20");
    CHECK(warnings(r).empty());
    REQUIRE(r.links.size() == 2);
    CHECK(r.links[0].may_book);
    CHECK_FALSE(r.links[1].may_book);
}

TEST_CASE("relatives without portal access book only when the event says so") {
    auto spec = fall_event();
    spec.options.include_without_portal_access = true;
    CHECK(bookings(build_roster(small_school(), spec)).size() == 2);
}

TEST_CASE("non-custodial parents are included unless the event leaves them out") {
    auto d = small_school();
    d.relationships[0].legal_custody = false;
    CHECK(bookings(build_roster(d, fall_event())).size() == 1);
    auto spec = fall_event();
    spec.options.include_non_custodial = false;
    auto r = build_roster(d, spec);
    CHECK(r.bookings.empty());
    CHECK(warnings(r) == Warnings{{"student_without_bookable_parent", {"100"}}});
}

TEST_CASE("a deceased relative never books") {
    auto d = small_school();
    d.relationships[0].deceased = true;
    auto spec = fall_event();
    spec.options.include_without_portal_access = true;
    CHECK(bookings(build_roster(d, spec)) == std::vector<std::tuple<Id, Id, Id, Id>>{{201, 100, 10, 500}});
}

TEST_CASE("a pair listed in both directions is one link and one booking") {
    auto d = small_school();
    d.relationships.push_back({3, 200, 100, 1, true, true, true, false, "", ""});
    auto r = build_roster(d, fall_event());
    CHECK(r.links.size() == 2);
    CHECK(r.bookings.size() == 1);
}

TEST_CASE("a pair listed only from the parent's side still counts") {
    auto d = small_school();
    d.relationships = {{3, 200, 100, 1, true, true, true, false, "", ""}};
    CHECK(bookings(build_roster(d, fall_event())) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
}

TEST_CASE("a parent may book when any of the student's records allows it, whichever is listed first") {
    for (bool refusing_first : {true, false})
        for (Id refusing_id : {1, 9}) {
            INFO("refusing record listed first: " << refusing_first << ", its id " << refusing_id);
            const RelationshipRecord refusing{refusing_id, 100, 200, 1, false, true, true, false, "", ""}; // no portal access
            const RelationshipRecord allowing{5, 100, 200, 1, true, true, true, false, "", ""};
            auto d = small_school();
            d.relationships = refusing_first ? std::vector<RelationshipRecord>{refusing, allowing}
                                             : std::vector<RelationshipRecord>{allowing, refusing};
            auto r = build_roster(d, fall_event());
            CHECK(bookings(r) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
            REQUIRE(r.links.size() == 1);
            CHECK(r.links[0].may_book);
            CHECK(r.links[0].portal_access); // the link shows the record that allows booking
            CHECK(warnings(r).empty());
        }
}

TEST_CASE("reverse records decide by any of them too, and only when the student has none") {
    const RelationshipRecord reverse_refusing{5, 200, 100, 1, false, true, true, false, "", ""};
    const RelationshipRecord reverse_allowing{6, 200, 100, 1, true, true, true, false, "", ""};
    for (bool refusing_first : {true, false}) {
        INFO("refusing record listed first: " << refusing_first);
        auto d = small_school();
        d.relationships = refusing_first ? std::vector<RelationshipRecord>{reverse_refusing, reverse_allowing}
                                         : std::vector<RelationshipRecord>{reverse_allowing, reverse_refusing};
        CHECK(bookings(build_roster(d, fall_event())) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
        // A student's record that refuses outranks every reverse record.
        d.relationships.insert(refusing_first ? d.relationships.end() : d.relationships.begin(),
                               RelationshipRecord{7, 100, 200, 1, false, true, true, false, "", ""});
        auto r = build_roster(d, fall_event());
        CHECK(r.bookings.empty());
        CHECK(warnings(r) == Warnings{{"student_without_bookable_parent", {"100"}}});
    }
}

TEST_CASE("enrollments of unknown students and teachers missing from staff are warned about by id") {
    auto d = small_school();
    d.enrollments.push_back({901, 500, 999, "", "", ""});
    d.classes.push_back({501, "ART", "Art", "Art", "ART", 77, 3, 2026, 1, 12, "2026-09-01", "2027-01-20", ""});
    d.enrollments.push_back({902, 501, 100, "", "", ""});
    auto r = build_roster(d, fall_event());
    CHECK(bookings(r) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
    // Art's only teacher is unknown: families cannot book anyone for it.
    CHECK(warnings(r) == Warnings{{"class_without_bookable_teacher", {"501"}},
                                  {"teacher_not_found", {"12"}},
                                  {"enrollment_of_unknown_student", {"901"}}});
}

TEST_CASE("a student enrolled twice in one class books its teacher once") {
    auto d = small_school();
    d.enrollments.push_back({903, 500, 100, "", "", ""}); // a second enrollment record, same class and student
    auto r = build_roster(d, fall_event());
    CHECK(bookings(r) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
    CHECK(warnings(r).empty());
}

TEST_CASE("a class without students in the event is not listed") {
    auto d = small_school();
    d.classes.push_back({501, "ART", "Art", "Art", "ART", 77, 3, 2026, 1, 10, "2026-09-01", "2027-01-20", ""});
    auto r = build_roster(d, fall_event());
    REQUIRE(r.classes.size() == 1);
    CHECK(r.classes[0].id == 500);
}

TEST_CASE("a teacher without email is warned about, a teacher with one is not") {
    auto d = small_school();
    CHECK(warnings(build_roster(d, fall_event())).empty());
    d.staff[0].email = "  ";
    CHECK(warnings(build_roster(d, fall_event())) == Warnings{{"teacher_without_email", {"10"}}});
}

TEST_CASE("enrollments outside the event's dates are left out with a warning") {
    auto d = small_school();
    d.enrollments[0].date_withdrawn = "2026-08-30";
    auto r = build_roster(d, fall_event());
    CHECK(r.bookings.empty());
    CHECK(warnings(r) == Warnings{{"enrollment_outside_event_dates", {"900"}}});

    d.enrollments[0] = {900, 500, 100, "2026-10-01", "", ""}; // late start inside the window counts
    CHECK(build_roster(d, fall_event()).bookings.size() == 1);
    d.enrollments[0].late_date_enrolled = "2027-02-01"; // starts after the window
    CHECK(build_roster(d, fall_event()).bookings.empty());
}

TEST_CASE("every date comparison includes the window's first and last day") {
    auto d = small_school(); // the window: 2026-09-01 .. 2027-01-20
    d.enrollments[0].date_withdrawn = "2026-09-01";
    CHECK(build_roster(d, fall_event()).bookings.size() == 1);
    d.enrollments[0] = {900, 500, 100, "2027-01-20", "", ""};
    CHECK(build_roster(d, fall_event()).bookings.size() == 1);
    d.enrollments[0] = {900, 500, 100, "", "", ""};
    d.classes[0].begin = "2027-01-20";
    d.classes[0].end = "";
    CHECK(build_roster(d, fall_event()).bookings.size() == 1);
    d.classes[0].begin = "2026-01-01";
    d.classes[0].end = "2026-09-01";
    CHECK(build_roster(d, fall_event()).bookings.size() == 1);
    d.classes[0].end = "2026-08-31";
    CHECK(build_roster(d, fall_event()).bookings.empty());
}

TEST_CASE("grade levels filter students, and the window spans every chosen period") {
    auto spec = fall_event({"Q1", "Spring Semester"}); // 2026-09-01 .. 2027-06-10
    auto r = build_roster(small_school(), spec);
    CHECK(r.window_start == "2026-09-01");
    CHECK(r.window_end == "2027-06-10");
    spec.grade_levels = {"11"};
    CHECK(build_roster(small_school(), spec).bookings.size() == 1);
    spec.grade_levels = {"12"};
    r = build_roster(small_school(), spec);
    CHECK(r.bookings.empty());
    CHECK(warnings(r).empty()); // a student of another grade is simply not in the event
}

TEST_CASE("classes outside the grading periods do not count") {
    auto r = build_roster(small_school(), fall_event({"Spring Semester"}));
    CHECK(r.bookings.empty());
    CHECK(r.classes.empty());
}

TEST_CASE("a class without a teacher gives no booking and a warning") {
    auto d = small_school();
    d.classes[0].primary_teacher_id = 0;
    auto r = build_roster(d, fall_event());
    CHECK(r.bookings.empty());
    CHECK(warnings(r) == Warnings{{"class_without_teacher", {"500"}}});
}

TEST_CASE("a teacher who left before the window ends is not bookable, and is warned about") {
    auto d = small_school(); // the window ends 2027-01-20
    d.staff[0].date_terminated = "2027-01-19";
    auto r = build_roster(d, fall_event());
    CHECK(r.bookings.empty());
    // The class is left with nobody to meet: it says so itself.
    CHECK(warnings(r) == Warnings{{"class_without_bookable_teacher", {"500"}}, {"teacher_terminated", {"10"}}});
    CHECK_THAT(r.warnings.at(1).message, Catch::Contains("before the event's grading periods end"));
    d.staff[0].date_terminated = "2027-01-20"; // there on the last day
    r = build_roster(d, fall_event());
    CHECK(bookings(r) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
    CHECK(warnings(r).empty());
}

TEST_CASE("grading periods by id, abbreviation, or the most specific period on a date") {
    CHECK(build_roster(small_school(), fall_event({"1"})).grading_periods.size() == 1);
    CHECK(build_roster(small_school(), fall_event({"s1"})).grading_periods[0].id == 1);
    auto spec = fall_event({});
    spec.grading_period_on = "2026-10-15";
    auto r = build_roster(small_school(), spec);
    REQUIRE(r.grading_periods.size() == 1);
    CHECK(r.grading_periods[0].description == "Q1");
    CHECK(r.bookings.size() == 1);
}

TEST_CASE("an unknown grading period or level names the field and what exists") {
    try {
        build_roster(small_school(), fall_event({"Winter"}));
        FAIL("accepted");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::invalid_config);
        CHECK_THAT(e.what(), Catch::Contains("grading_periods") && Catch::Contains("Fall Semester, Q1"));
    }
    auto spec = fall_event();
    spec.school_levels = {"Kindergarten"};
    CHECK_THROWS_WITH(build_roster(small_school(), spec), Catch::Contains("school_levels"));
}

TEST_CASE("school levels filter classes, by description or id") {
    auto spec = fall_event();
    spec.school_levels = {"middle school"};
    CHECK(build_roster(small_school(), spec).bookings.empty());
    spec.school_levels = {"upper school"};
    CHECK(build_roster(small_school(), spec).bookings.size() == 1);
    spec.school_levels = {"3"};
    CHECK(build_roster(small_school(), spec).bookings.size() == 1);
}

TEST_CASE("advisors and homeroom teachers are added when the event asks") {
    auto spec = fall_event();
    spec.options.include_advisors = true;
    auto r = build_roster(small_school(), spec);
    // Ben is both advisor and homeroom teacher: one teacher, two reasons.
    CHECK(bookings(r) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}, {200, 100, 11, 0}, {200, 100, 11, 0}});
    CHECK(r.bookings[1].reason == "advisor");
    CHECK(r.bookings[2].reason == "homeroom");
    CHECK(warnings(r) == Warnings{{"teacher_without_email", {"11"}}});
}

TEST_CASE("email warnings: missing and shared") {
    auto d = small_school();
    d.relationships[1].parent_portal_access = true;
    d.parents[0].email = "";
    auto r = build_roster(d, fall_event());
    CHECK(warnings(r) == Warnings{{"parent_without_email", {"200"}}});
    d.parents[0].email = " JOSE@home.org";
    CHECK(warnings(build_roster(d, fall_event())) == Warnings{{"shared_email", {"200", "201"}}});
    d.relationships[1].parent_portal_access = false; // only parents who may book are warned about
    CHECK(warnings(build_roster(d, fall_event())).empty());
}

TEST_CASE("a teacher and a parent sharing an email are warned about, one person who is both is not") {
    auto d = small_school();
    d.parents[0].email = "Ann@School.org "; // the teacher's address, another person
    CHECK(warnings(build_roster(d, fall_event())) == Warnings{{"shared_email", {"10", "200"}}});
    d.parents[0].id = 10; // the teacher is the parent herself: one person id
    d.relationships[0].related_person_id = 10;
    auto r = build_roster(d, fall_event());
    CHECK(bookings(r) == std::vector<std::tuple<Id, Id, Id, Id>>{{10, 100, 10, 500}});
    CHECK(warnings(r).empty());
}

TEST_CASE("a school without students is an error") {
    auto d = small_school();
    d.students.clear();
    try {
        build_roster(d, fall_event());
        FAIL("accepted");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::not_found);
    }
}

TEST_CASE("unreadable records become warnings with their ids") {
    SchoolData d = small_school();
    const auto &students = import_resources()[2];
    REQUIRE(students.name == "students");
    const auto n = read_page(d, students, R"({"data":[{"id":101,"first_name":"Li","last_name":"李","grade_level":11},
                                         {"id":102,"grade_level":"eleven"},
                                         {"first_name":"no id"}, 42]})");
    CHECK(n == 4);
    CHECK(d.students.size() == 2);
    REQUIRE(d.unreadable.size() == 3);
    CHECK(d.unreadable[0].id == "102");
    CHECK_THAT(d.unreadable[0].problem, Catch::Contains("grade_level"));
    auto r = build_roster(d, fall_event());
    CHECK(warnings(r) == Warnings{{"unreadable_record", {"102: " + d.unreadable[0].problem, d.unreadable[1].id + ": " + d.unreadable[1].problem,
                                                         d.unreadable[2].id + ": " + d.unreadable[2].problem}}});
    CHECK_THROWS_AS(read_page(d, students, R"({"error":"nope"})"), PluginError);
    CHECK_THROWS_AS(read_page(d, students, R"({"data":{"id":1}})"), PluginError);
}

TEST_CASE("the roster JSON describes coded values and the diff names what changed") {
    ValueLists lists = small_school().value_lists;
    auto spec = fall_event();
    ImportContext ctx{"demo", &spec, &lists};
    const std::string before_text = roster_json_text(build_roster(small_school(), spec), ctx);
    auto before = parse_roster_json(before_text);
    CHECK(before->getObject("counts")->getValue<int>("bookings") == 1);
    auto link = before->getArray("links")->getObject(0);
    CHECK(link->getObject("relationship")->getValue<std::string>("description") == "Mother");

    auto d = small_school();
    d.parents[0].email = "maria@new.org";
    d.relationships[1].parent_portal_access = true;
    auto diff = diff_rosters(read_result(before_text), read_result(roster_json_text(build_roster(d, spec), ctx)));
    auto people = diff->getObject("people");
    REQUIRE(people->getArray("changed")->size() == 1);
    CHECK(people->getArray("changed")->getObject(0)->getValue<std::string>("id") == "200");
    CHECK(people->getArray("changed")->getObject(0)->getArray("fields")->getElement<std::string>(0) == "email");
    CHECK(diff->getObject("links")->getArray("changed")->size() == 1);
    CHECK(diff->getObject("people")->getArray("added")->size() == 0);
}

TEST_CASE("a roster read back from its file has no differences with itself") {
    ValueLists lists = small_school().value_lists;
    auto spec = fall_event();
    ImportContext ctx{"demo", &spec, &lists};
    const std::string fresh = roster_json_text(build_roster(small_school(), spec), ctx);
    // Written back by another JSON library, with its keys in its own order.
    std::ostringstream text;
    Poco::JSON::Parser().parse(fresh).extract<Poco::JSON::Object::Ptr>()->stringify(text);
    auto diff = diff_rosters(read_result(text.str()), read_result(fresh));
    for (const char *list : {"people", "links", "classes", "enrollments"}) {
        INFO(list);
        CHECK(diff->getObject(list)->getArray("changed")->size() == 0);
    }
}

TEST_CASE("with permissions read, a co-teacher is booked too, and without, the primary teacher only") {
    auto d = small_school();
    d.permissions = {{1, 500, 10}, {2, 500, 11}}; // the primary teacher's own, and a co-teacher's
    auto without = build_roster(d, fall_event());
    CHECK(bookings(without) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
    CHECK_THAT(without.notes[1], Catch::Contains("academics.permissions:list, which was not granted"));
    d.permissions_read = true;
    auto with = build_roster(d, fall_event());
    CHECK(bookings(with) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}, {200, 100, 11, 500}});
    REQUIRE(with.classes.size() == 1);
    CHECK(with.classes[0].teacher_ids == std::vector<Id>{10, 11}); // primary first, once
    CHECK_THAT(with.notes[1], Catch::Contains("co-teachers too"));
}

TEST_CASE("with class schedules read, they decide which classes an event has, not the dates") {
    auto d = small_school();
    d.class_schedules = {{1, 500, 3}}; // the fall-dated class meets in the spring semester
    CHECK(build_roster(d, fall_event()).bookings.size() == 1); // not read: by its dates
    d.class_schedules_read = true;
    auto fall = build_roster(d, fall_event());
    CHECK(fall.bookings.empty());
    CHECK_THAT(fall.notes[0], Catch::Contains("class schedules"));
    auto spring = build_roster(d, fall_event({"Spring Semester"}));
    CHECK(bookings(spring) == std::vector<std::tuple<Id, Id, Id, Id>>{{200, 100, 10, 500}});
    REQUIRE(spring.classes.size() == 1);
    CHECK(spring.classes[0].grading_period_ids == std::vector<Id>{3});
}

TEST_CASE("conference days: a student who left before or joined after them does not count") {
    auto d = small_school();
    d.enrollments[0].date_withdrawn = "2026-10-15";
    auto spec = fall_event();
    spec.conference_days = {"2026-10-15"};
    CHECK(build_roster(d, spec).bookings.size() == 1); // withdrawn that day: still in class
    spec.conference_days = {"2026-11-20"};
    auto later = build_roster(d, spec);
    CHECK(later.bookings.empty());
    CHECK(warnings(later) == Warnings{{"enrollment_outside_event_dates", {"900"}}});
    spec.conference_days = {"2026-11-20", "2026-09-30"};
    CHECK(build_roster(d, spec).bookings.size() == 1);
    d.enrollments[0].date_withdrawn = "";
    d.enrollments[0].late_date_enrolled = "2026-12-01";
    spec.conference_days = {"2026-11-20"};
    CHECK(build_roster(d, spec).bookings.empty());
    d.enrollments[0].late_date_enrolled = "";
    d.classes[0].end = "2026-11-01"; // the class no longer meets on the day
    CHECK(build_roster(d, spec).bookings.empty());
}

// Data API pages read straight from their text into records (page_reader):
// every collection's fields read as the tree-based parsers read them, bad
// records become warnings, and bodies that are no page are told apart
// (not JSON: retried; JSON but no "data" array: an error).
#include "records/page_reader.hpp"
#include "records/record_parsers.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

using namespace veracross;

namespace {

const ImportResource &resource(const std::string &name) {
    for (const auto &r : import_resources())
        if (r.name == name) return r;
    for (const auto &r : optional_import_resources())
        if (r.name == name) return r;
    throw std::runtime_error("no resource " + name);
}

// Reads a page that must be one.
PageRecords read(const std::string &name, const std::string &body) {
    PageRecords page;
    REQUIRE(read_page_text(resource(name), body, page) == PageShape::page);
    return page;
}

PageShape shape_of(const std::string &body) {
    PageRecords page;
    return read_page_text(resource("students"), body, page);
}

} // namespace

TEST_CASE("page reader: staff and parents, ids as strings, text from numbers, dates with times") {
    auto staff = read("staff_faculty", R"({"data":[{"id":"12","first_name":"Ada","preferred_name":null,
        "last_name":"Lovelace","email_1":"ada@school.org","username":"alovelace","roles":"Teacher, Advisor",
        "job_title":7,"household_id":null,"faculty_type":"3","date_terminated":"2026-06-30T00:00:00Z",
        "last_modified_date":"2026-01-02T03:04:05Z","unknown":{"deep":[1,2]}}]})");
    REQUIRE(staff.data.staff.size() == 1);
    const StaffRecord &s = staff.data.staff[0];
    CHECK(s.id == 12);
    CHECK(s.name.first == "Ada");
    CHECK(s.name.preferred.empty());
    CHECK(s.name.last == "Lovelace");
    CHECK(s.email == "ada@school.org");
    CHECK(s.username == "alovelace");
    CHECK(s.roles == "Teacher, Advisor");
    CHECK(s.job_title == "7");
    CHECK(s.household_id == 0);
    CHECK(s.faculty_type == 3);
    CHECK(s.date_terminated == "2026-06-30");
    CHECK(s.last_modified == "2026-01-02T03:04:05Z");

    auto parents = read("parents", R"({"data":[{"id":7,"first_name":true,"last_name":1.5,"household_id":"40",
        "roles":"Parent"}]})");
    REQUIRE(parents.data.parents.size() == 1);
    CHECK(parents.data.parents[0].id == 7);
    CHECK(parents.data.parents[0].name.first == "true");
    CHECK(parents.data.parents[0].name.last == "1.5");
    CHECK(parents.data.parents[0].household_id == 40);
    CHECK(parents.data.parents[0].roles == "Parent");
}

TEST_CASE("page reader: students' nested and plain advisor ids, and deeper values are not read") {
    auto page = read("students", R"({"data":[
        {"id":101,"grade_level":"11","school_level":3,"enrollment_status":1,"household_id":40,
         "advisor":{"id":5,"name":"Ms. A","person":{"id":99}},"homeroom_teacher":9},
        {"id":102,"advisor":{"person":{"id":99}},"homeroom_teacher":"8"},
        {"id":103,"advisor":null,"homeroom_teacher":{"id":"6"}}]})");
    REQUIRE(page.data.students.size() == 3);
    const auto &s = page.data.students;
    CHECK(s[0].grade_level == 11);
    CHECK(s[0].school_level == 3);
    CHECK(s[0].enrollment_status == 1);
    CHECK(s[0].household_id == 40);
    CHECK(s[0].advisor_id == 5);
    CHECK(s[0].homeroom_teacher_id == 9);
    CHECK(s[1].advisor_id == 0);
    CHECK(s[1].homeroom_teacher_id == 8);
    CHECK(s[2].advisor_id == 0);
    CHECK(s[2].homeroom_teacher_id == 6);
    CHECK(page.records == 3);
    CHECK(page.data.unreadable.empty());
}

TEST_CASE("page reader: relationship flags as booleans, strings and numbers") {
    auto page = read("relationships", R"({"data":[
        {"id":1,"person_id":10,"related_person_id":"20","relationship":"3","parent_portal_access":true,
         "legal_custody":"true","resident":1,"related_person_is_deceased":"false","custody_status":null},
        {"id":2,"person_id":10,"related_person_id":21,"parent_portal_access":false,"legal_custody":0,
         "resident":null,"custody_status":"Joint"}]})");
    REQUIRE(page.data.relationships.size() == 2);
    const auto &a = page.data.relationships[0];
    CHECK(a.related_person_id == 20);
    CHECK(a.relationship == 3);
    CHECK(a.parent_portal_access);
    CHECK(a.legal_custody);
    CHECK(a.resident);
    CHECK_FALSE(a.deceased);
    CHECK(a.custody_status.empty());
    const auto &b = page.data.relationships[1];
    CHECK_FALSE(b.parent_portal_access);
    CHECK_FALSE(b.legal_custody);
    CHECK_FALSE(b.resident);
    CHECK(b.custody_status == "Joint");
}

TEST_CASE("page reader: grading periods, classes and enrollments with their nested objects") {
    auto periods = read("grading_periods", R"({"data":[{"id":3,"description":"Semester 1","abbreviation":"S1",
        "start_date":"2026-09-01T00:00:00","end_date":"2027-01-20","school_year":2026,
        "group":{"id":"4","description":"Semesters"}},
        {"id":4,"description":"Q1","group":7}]})");
    REQUIRE(periods.data.grading_periods.size() == 2);
    const auto &p = periods.data.grading_periods[0];
    CHECK(p.description == "Semester 1");
    CHECK(p.abbreviation == "S1");
    CHECK(p.start == "2026-09-01");
    CHECK(p.end == "2027-01-20");
    CHECK(p.school_year == 2026);
    CHECK(p.group_id == 4);
    CHECK(p.group_description == "Semesters");
    CHECK(periods.data.grading_periods[1].group_id == 0); // a group that is no object is ignored

    auto classes = read("classes", R"({"data":[
        {"id":500,"class_id":101,"description":"Algebra I - A","school_level":3,"school_year":"2026","status":1,
         "primary_teacher_id":12,"begin_date":"2026-09-01","end_date":null,
         "course":{"id":44,"course_id":"MATH1","course_name":"Algebra I"}},
        {"id":501,"internal_course_id":45,"course":{"id":44,"course_id":"MATH2"}}]})");
    REQUIRE(classes.data.classes.size() == 2);
    const auto &c = classes.data.classes[0];
    CHECK(c.class_code == "101");
    CHECK(c.description == "Algebra I - A");
    CHECK(c.school_year == 2026);
    CHECK(c.status == 1);
    CHECK(c.primary_teacher_id == 12);
    CHECK(c.begin == "2026-09-01");
    CHECK(c.end.empty());
    CHECK(c.course_id == 44);
    CHECK(c.course_code == "MATH1");
    CHECK(c.course_name == "Algebra I");
    CHECK(classes.data.classes[1].course_id == 45); // internal_course_id first
    CHECK(classes.data.classes[1].course_code == "MATH2");

    auto enrollments = read("enrollments", R"({"data":[{"id":9,"internal_class_id":"500","person_id":101,
        "late_date_enrolled":"2026-10-01 08:00:00","date_withdrawn":null}]})");
    REQUIRE(enrollments.data.enrollments.size() == 1);
    const auto &e = enrollments.data.enrollments[0];
    CHECK(e.class_id == 500);
    CHECK(e.person_id == 101);
    CHECK(e.late_date_enrolled == "2026-10-01");
    CHECK(e.date_withdrawn.empty());
}

TEST_CASE("page reader: permissions and class schedules, the optional scopes' links") {
    auto permissions = read("permissions", R"({"data":[
        {"id":1,"class":{"id":500,"description":"MATH1 Algebra"},"person":{"id":"12","name":"Ada"},"role":2},
        {"id":2,"class":{"id":null},"person":{"id":13}}]})");
    REQUIRE(permissions.data.permissions.size() == 1);
    CHECK(permissions.data.permissions[0].class_id == 500);
    CHECK(permissions.data.permissions[0].person_id == 12);
    REQUIRE(permissions.data.unreadable.size() == 1); // no class: a warning, not a teacher of class 0
    CHECK(permissions.data.unreadable[0].id == "2");

    auto schedules = read("class_schedules", R"({"data":[
        {"id":7,"internal_class_id":500,"grading_period":{"id":3,"description":"Semester 1"},
         "day":{"id":1,"description":"Monday"},"start_time":"1900-01-01T08:00:00Z"},
        {"id":8,"internal_class_id":501}]})");
    REQUIRE(schedules.data.class_schedules.size() == 1);
    CHECK(schedules.data.class_schedules[0].class_id == 500);
    CHECK(schedules.data.class_schedules[0].grading_period_id == 3);
    CHECK(schedules.data.unreadable.size() == 1);
}

TEST_CASE("page reader: an unreadable record in the middle becomes a warning, the others are kept") {
    auto page = read("students", R"({"data":[{"id":1,"first_name":"A"},
        {"id":2,"grade_level":"eleven"},
        {"id":3,"first_name":{"nested":"object"}},
        {"id":4,"email_1":[1,2]},
        {"id":"x5","first_name":"no usable id"},
        {"id":18446744073709551615},
        {"id":6,"school_level":2.5},
        {"id":7,"first_name":"G"}]})");
    CHECK(page.records == 8);
    REQUIRE(page.data.students.size() == 2);
    CHECK(page.data.students[0].id == 1);
    CHECK(page.data.students[1].id == 7);
    CHECK(page.data.students[1].name.first == "G");
    REQUIRE(page.data.unreadable.size() == 6);
    const auto &u = page.data.unreadable;
    CHECK(u[0].resource == "students");
    CHECK(u[0].id == "2");
    CHECK(u[0].problem == "field grade_level is not a whole number");
    CHECK(u[1].id == "3");
    CHECK(u[1].problem == "field first_name is not text");
    CHECK(u[2].id == "4");
    CHECK(u[2].problem == "field email_1 is not text");
    CHECK(u[3].id == "?");
    CHECK(u[3].problem == "field id is not a whole number");
    CHECK(u[4].id == "?"); // too big for an id
    CHECK(u[4].problem == "has a value of the wrong type");
    CHECK(u[5].id == "6");
    CHECK(u[5].problem == "field school_level is not a whole number");

    // Each collection's own required fields and formats.
    auto rel = read("relationships", R"({"data":[{"id":1,"person_id":2},{"id":2,"person_id":2,
        "related_person_id":3,"resident":"yes"},{"id":3,"person_id":2,"related_person_id":3,"resident":5000000000}]})");
    REQUIRE(rel.data.unreadable.size() == 3);
    CHECK(rel.data.unreadable[0].problem == "field person_id or related_person_id is missing");
    CHECK(rel.data.unreadable[1].problem == "field resident is not true or false");
    CHECK(rel.data.unreadable[2].problem == "has a value of the wrong type");
    auto enr = read("enrollments", R"({"data":[{"id":1,"internal_class_id":2,"person_id":3,
        "date_withdrawn":"01/02/2026"},{"person_id":3}]})");
    REQUIRE(enr.data.unreadable.size() == 2);
    CHECK(enr.data.unreadable[0].problem == "field date_withdrawn is not a date (YYYY-MM-DD)");
    CHECK(enr.data.unreadable[1].id == "?");
    CHECK(enr.data.unreadable[1].problem == "field id is missing");
}

TEST_CASE("page reader: records that are not objects are counted and reported") {
    auto page = read("students", R"({"data":[42,"x",[{"id":1}],null,{"id":5},true]})");
    CHECK(page.records == 6);
    REQUIRE(page.data.students.size() == 1);
    CHECK(page.data.students[0].id == 5);
    REQUIRE(page.data.unreadable.size() == 5);
    for (const auto &u : page.data.unreadable) {
        CHECK(u.id == "?");
        CHECK(u.problem == "is not a JSON object");
    }
}

TEST_CASE("page reader: bodies that are no page") {
    // Not a JSON object: the Data API asks again, as for any body that is not JSON.
    CHECK(shape_of("") == PageShape::not_json_object);
    CHECK(shape_of("[1,2]") == PageShape::not_json_object);
    CHECK(shape_of("\"data\"") == PageShape::not_json_object);
    CHECK(shape_of("<html>busy</html>") == PageShape::not_json_object);
    CHECK(shape_of(R"({"data":[{"id":1},{"id":2)") == PageShape::not_json_object); // truncated
    CHECK(shape_of(R"({"data":[{"id":1}]} trailing)") == PageShape::not_json_object);
    const std::string deep = R"({"data":[{"id":1,"a":)" + std::string(10000, '[') + std::string(10000, ']') + "}]}";
    CHECK(shape_of(deep) == PageShape::not_json_object); // Poco's depth limit

    // JSON objects without a "data" array.
    CHECK(shape_of(R"({"error":"nope"})") == PageShape::no_data_array);
    CHECK(shape_of(R"({"data":{"id":1}})") == PageShape::no_data_array);
    CHECK(shape_of(R"({"data":null})") == PageShape::no_data_array);
    CHECK(shape_of(R"({"data":[{"id":1}],"data":7})") == PageShape::no_data_array); // the last wins
    CHECK(shape_of(R"({"meta":{"data":[]}})") == PageShape::no_data_array);

    SchoolData d;
    try {
        read_page(d, resource("students"), R"({"data":{"id":1}})");
        FAIL("accepted");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::remote_error);
        CHECK(e.code() == "unexpected_body");
        CHECK(std::string(e.what()) == "Veracross answered students with something that is not a page of records");
    }
    try {
        read_page(d, resource("students"), R"({"data":[{"id":1},)");
        FAIL("accepted");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::remote_error);
        CHECK(e.code() == "unexpected_body");
    }
    CHECK(d.students.empty()); // nothing of a page that failed is kept
    CHECK(d.unreadable.empty());
}

TEST_CASE("page reader: value lists and the page's count") {
    auto page = read("students", R"({"value_lists":[{"fields":["grade_level"],"items":[{"id":9,"description":"Grade 9"},
        {"id":"20","description":"Kindergarten"}]}],"data":[{"id":1,"grade_level":9},{"id":2}],
        "meta":{"value_lists":"not these"}})");
    CHECK(page.records == 2);
    CHECK(page.data.students.size() == 2);
    CHECK(page.data.value_lists.describe("grade_level", 9) == "Grade 9");
    CHECK(page.data.value_lists.find("grade_level", "kindergarten") == 20);

    auto none = read("students", R"({"data":[],"value_lists":{"fields":["grade_level"]}})");
    CHECK(none.records == 0);
    CHECK(none.data.value_lists.describe("grade_level", 9).empty());

    // A repeated "data": the last one is the page, as in a JSON object.
    auto twice = read("students", R"({"data":[{"id":1},{"id":2}],"data":[{"id":3}]})");
    CHECK(twice.records == 1);
    REQUIRE(twice.data.students.size() == 1);
    CHECK(twice.data.students[0].id == 3);

    // read_page appends to what the collection already has.
    SchoolData d;
    CHECK(read_page(d, resource("students"), R"({"data":[{"id":1},{"id":2},7]})") == 3);
    CHECK(read_page(d, resource("students"), R"({"data":[{"id":3}]})") == 1);
    CHECK(d.students.size() == 3);
    CHECK(d.unreadable.size() == 1);
}

TEST_CASE("page reader: duplicate keys read as a Poco object reads them, the last wins") {
    auto page = read("classes", R"({"data":[{"id":1,"description":"old","description":"new",
        "course":{"id":4,"course_name":"first"},"course":{"course_name":"second"}}]})");
    REQUIRE(page.data.classes.size() == 1);
    CHECK(page.data.classes[0].description == "new");
    CHECK(page.data.classes[0].course_id == 0); // the second course has no id
    CHECK(page.data.classes[0].course_name == "second");
}

TEST_CASE("a grading period read from a Poco object reads as from the page text") {
    const std::string record = R"({"id":"3","description":"Semester 1","start_date":"2026-09-01T00:00:00Z",
        "end_date":"2027-01-20","school_year":2026,"group":{"id":4,"description":"Semesters","x":{"y":1}}})";
    const auto tree = Poco::JSON::Parser().parse(record).extract<Poco::JSON::Object::Ptr>();
    const GradingPeriodRecord a = parse_grading_period(*tree);
    auto page = read("grading_periods", "{\"data\":[" + record + "]}");
    REQUIRE(page.data.grading_periods.size() == 1);
    const GradingPeriodRecord &b = page.data.grading_periods[0];
    CHECK(a.id == 3);
    CHECK(a.id == b.id);
    CHECK(a.description == b.description);
    CHECK(a.start == b.start);
    CHECK(a.end == b.end);
    CHECK(a.school_year == b.school_year);
    CHECK(a.group_id == 4);
    CHECK(a.group_id == b.group_id);
    CHECK(a.group_description == b.group_description);

    const auto bad = Poco::JSON::Parser().parse(R"({"id":3,"start_date":[1]})").extract<Poco::JSON::Object::Ptr>();
    CHECK_THROWS_AS(parse_grading_period(*bad), BadRecord);
}

// sis-host's side of the import safeguards: the --bookings file, the held
// summary, the readiness lines and the readiness CSV.
#include "base/cli.hpp"
#include "import/import_command.hpp"
#include "import/import_safeguards.hpp"
#include "serve/serve_summary.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

#include <fstream>

using namespace sis_cli;

namespace {

std::string bookings_error(const std::string &text) {
    Poco::TemporaryFile file;
    std::ofstream(file.path()) << text;
    try {
        read_bookings_file(file.path());
    } catch (const UsageError &e) {
        const std::string message = e.what();
        CHECK(message.rfind(file.path() + ":", 0) == 0); // names the file
        return message.substr(file.path().size());
    }
    return "no error";
}

Poco::JSON::Object::Ptr object(const std::string &text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

const char *const kReadiness = R"({"readiness":{
  "students_without_reachable_parent":[{"student_id":"101","display_name":"Zoë Lopez","why":"no_parent_linked"}],
  "teachers_without_email":[{"teacher_id":"11","display_name":"Ben Advise"}],
  "shared_emails":[{"email":"family@home.org","between":"parent-parent","ids":["200","201"]}],
  "sso_match":{"match_by":"email","teachers":{"total":2,"recognised":1},"parents":{"total":3,"recognised":1},
    "not_recognised":[{"id":"11","kind":"teacher","reason":"no_email","candidates":[]},
                      {"id":"200","kind":"parent","reason":"shared_email","candidates":["200","201"]}],
    "collisions":[{"email":"family@home.org","ids":["200","201"],"kinds":["parent"]}]}}})";

} // namespace

TEST_CASE("a bookings file is read when every item has its three ids") {
    Poco::TemporaryFile file;
    std::ofstream(file.path()) << R"([{"parent_id":"200","teacher_id":10,"student_id":"100"}])";
    CHECK(read_bookings_file(file.path())->size() == 1);
}

TEST_CASE("a bad bookings file names the file the item and the field") {
    CHECK(bookings_error("{}") == ": --bookings must be a JSON array of {parent_id, teacher_id, student_id}");
    CHECK(bookings_error("[1") == ": --bookings must be a JSON array of {parent_id, teacher_id, student_id}");
    CHECK(bookings_error(R"([{"parent_id":"1","teacher_id":"2","student_id":"3"},{"parent_id":"1","teacher_id":"2"}])") ==
          ": item 2: student_id is missing");
    CHECK(bookings_error(R"([{"parent_id":true,"teacher_id":"2","student_id":"3"}])") ==
          ": item 1: parent_id must be a person id (a number, or its text)");
    CHECK(bookings_error(R"(["x"])") == ": item 1 must be an object {parent_id, teacher_id, student_id}");
    CHECK_THROWS_AS(read_bookings_file("/nonexistent/bookings.json"), UsageError);
}

TEST_CASE("the readiness CSV has one line per finding with its ids") {
    const std::string csv = readiness_csv(*object(kReadiness));
    CHECK(csv == "check,ids,kind,display_name,email,detail\r\n"
                 "student_without_reachable_parent,101,student,Zoë Lopez,,no_parent_linked\r\n"
                 "teacher_without_email,11,teacher,Ben Advise,,\r\n"
                 "shared_email,200 201,,,family@home.org,parent-parent\r\n"
                 "sso_not_recognised,11,teacher,,,no_email\r\n"
                 "sso_not_recognised,200,parent,,,shared_email: candidates 200 201\r\n"
                 "sso_collision,200 201,parent,,family@home.org,\r\n");
    CHECK(readiness_csv(*object("{}")) == "check,ids,kind,display_name,email,detail\r\n");
}

TEST_CASE("the summary counts the readiness findings and the bookings at risk") {
    auto result = object(kReadiness);
    result->set("bookings_at_risk", Poco::JSON::Parser().parse(
        R"([{"parent_id":"200","teacher_id":"10","student_id":"999","reason":"student_not_in_roster","message":"m"}])"));
    const std::string text = safeguards_summary(*result);
    CHECK_THAT(text, Catch::Contains("readiness: 1 students without a parent who can be reached, 1 teachers without email, 1 shared emails"));
    // Each finding with its ids, so the admin knows whom to look up.
    CHECK_THAT(text, Catch::Contains("1 shared emails\n"
                                     "    students without a parent who can be reached: 101 (no_parent_linked)\n"
                                     "    teachers without email: 11\n"
                                     "    shared emails: 200 201 (parent-parent)\n"));
    CHECK_THAT(text, Catch::Contains("SSO (email) will recognise teachers 1 of 2, parents 1 of 3; 2 not, 1 emails shared"));
    CHECK_THAT(text, Catch::Contains("    not recognised: 11 (teacher, no_email), 200 (parent, shared_email)\n"
                                     "    one email, several people: 200 201\n"));
    CHECK_THAT(text, Catch::Contains("bookings at risk: 1\n    parent 200, teacher 10, student 999: student_not_in_roster"));
    CHECK(safeguards_summary(*object("{}")).empty());
}

TEST_CASE("the summary shows the first ids of a long finding and how many more --json lists") {
    std::string eight;
    for (int id = 11; id < 19; ++id) eight += std::string(eight.empty() ? "" : ",") + R"({"teacher_id":")" + std::to_string(id) + R"("})";
    std::string json = kReadiness;
    const std::string one = R"([{"teacher_id":"11","display_name":"Ben Advise"}])";
    json.replace(json.find(one), one.size(), "[" + eight + "]");
    CHECK_THAT(safeguards_summary(*object(json)),
               Catch::Contains("    teachers without email: 11, 12, 13, 14, 15, ... +3 more (--json lists them all)\n"));
}

TEST_CASE("a held summary gives the numbers the largest removals and how to accept") {
    const auto held = object(R"({"event":{"name":"Fall"},"held":{"threshold_percent":10,
        "people":{"before":200,"removed":40,"percent":20},"bookable_pairs":{"before":300,"removed":30,"percent":10},
        "people_removed_by_kind":{"parent":25,"student":15},
        "teachers_losing_most_pairs":[{"teacher_id":"10","display_name":"Ann Teach","pairs_before":20,"pairs_removed":12}]}})");
    const std::string text = held_summary(*held);
    CHECK_THAT(text, Catch::StartsWith("HELD: the import of \"Fall\" removes more than 10% of the last result"));
    CHECK_THAT(text, Catch::Contains("people removed: 40 of 200 (20%); bookable parent-teacher pairs removed: 30 of 300 (10%)"));
    CHECK_THAT(text, Catch::Contains("removed by kind: parent 25 student 15"));
    CHECK_THAT(text, Catch::Contains("teacher 10 Ann Teach: 12 of 20 pairs removed"));
    CHECK_THAT(text, Catch::Contains("--accept-large-change"));
}

TEST_CASE("the summary and the admin page's counts show the students split by household") {
    const auto roster = object(R"({"sis":"veracross","school_route":"demo","preview":false,
      "event":{"name":"Fall","grading_periods":[]},
      "counts":{"teachers":2,"students":3,"parents":4,"bookable_parents":3,"households":3,
                "students_split_by_household":1,"bookings":5}})");
    CHECK_THAT(import_summary(*roster), Catch::Contains("households 3 (1 students booked once per household)"));
    CHECK(roster_summary(*roster)->getObject("counts")->getValue<int>("students_split_by_household") == 1);
    // A result from before the rule has no such count: the line says nothing about it.
    roster->getObject("counts")->remove("students_split_by_household");
    CHECK_THAT(import_summary(*roster), !Catch::Contains("booked once per household"));
}

// sis-host's import summary read from the result's JSON text: it builds only
// the few members the summary needs, and gives exactly the summary of the
// whole document.
#include "import_fixture.hpp"
#include "import/import_command.hpp"
#include "base/json_members.hpp"
#include "base/json_object.hpp"

#include <catch2/catch.hpp>

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

using namespace import_test;

namespace {

std::string full_summary(const std::string &json) { return sis_cli::import_summary(*sis_cli::parse_object(json)); }

// A small result with every member the summary reads, and a diff.
const std::string kSummaryMembers = R"("schema":"x","sis":"veracross","school_route":"demo","preview":true,
  "event":{"name":"Fall","grading_periods":[{"id":"1","name":"Semester 1","start":"2025-09-02","end":"2026-01-16"}]},
  "counts":{"teachers":2,"students":3,"parents":4,"bookable_parents":3,"households":2,"classes":1,"enrollments":3,
            "bookings":5},
  "diff":{"people":{"added":[1],"changed":[],"removed":[]},"links":{"added":[],"changed":[2,3],"removed":[]},
          "classes":{"added":[],"changed":[],"removed":[4]},"enrollments":{"added":[],"changed":[],"removed":[]}},
  "warnings":[{"code":"no_email","message":"Parents without email","ids":["1","2","3","4","5","6","7"]}],
  "notes":["a note"],"stats":{"seconds":1.25,"requests":9},"delta":{"since":"2026-01-01T00:00:00Z"})";

} // namespace

TEST_CASE("the summary of a real import result, read from its text, is the whole document's summary") {
    ImportFixture f({"demo", 9, 300});
    const ImportRun first = f.import(event_for("Semester 1"));
    REQUIRE(first.status == SIS_OK);
    CHECK(sis_cli::import_summary_of_json(first.json) == full_summary(first.json));

    // A changed school, a preview against the first result: diff, delta and preview.
    const std::string when = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ");
    f.sim->mutate_school("demo", [&](vcsim::School &s) { vcsim::change_school(s, 21, when, false); });
    auto event = event_for("Semester 1", /*dry_run=*/true);
    event.set("previous", first.doc);
    const ImportRun second = f.import(event);
    REQUIRE(second.status == SIS_OK);
    for (const char *member : {"diff", "delta", "warnings", "notes", "stats"}) REQUIRE(second.doc->has(member));
    const std::string summary = sis_cli::import_summary_of_json(second.json);
    CHECK(summary == full_summary(second.json));
    CHECK_THAT(summary, Catch::StartsWith("Test import (preview") && Catch::Contains("changes since the last import") &&
                            Catch::Contains("delta: read only"));
}

TEST_CASE("the summary builds none of the roster's lists, however big or oddly shaped") {
    std::string people = "[";
    for (int i = 0; i < 200000; ++i) people += (i ? "," : "") + std::string(R"({"id":")") + std::to_string(i) + "\"}";
    people += "]";
    const std::string deep = std::string(100, '[') + std::string(100, ']'); // Poco's parser allows 128
    const std::string big = "{" + kSummaryMembers + R"(,"people":)" + people + R"(,"enrollments":)" + deep +
                            R"(,"links":"not a list","classes":null,"households":-1.5e300,"conference":{"a":[{}]},)" +
                            R"("cursor":{"people":true}})";
    const std::string small = "{" + kSummaryMembers + "}";

    const std::string summary = sis_cli::import_summary_of_json(big);
    CHECK(summary == full_summary(small));
    CHECK(summary == full_summary(big));
    CHECK_THAT(summary, Catch::Contains("+1 ~0 -0") && Catch::Contains("1, 2, 3, 4, 5, ... +2 more") &&
                            Catch::Contains("took 1.2 s, 9 requests") && Catch::Contains("delta: read only"));

    auto built = sis_cli::parse_members(big, {"counts", "delta"});
    CHECK(built->getNames() == std::vector<std::string>{"counts", "delta"});
    CHECK(built->getObject("counts")->getValue<int>("bookings") == 5);

    // Skipped members are still read as JSON: a broken document is refused as before.
    CHECK_THROWS(sis_cli::import_summary_of_json("{" + kSummaryMembers + R"(,"people":[1,2)"));
    CHECK_THROWS(sis_cli::import_summary_of_json("[1, 2]")); // not an object
    CHECK_THROWS(sis_cli::import_summary_of_json(small + " trailing"));
}

TEST_CASE("a member added to an object's text keeps the rest as it is, and its value as given") {
    const std::string previous = R"({"people":[{"id":"1"}],"note":"a \"quoted\" word"})";
    const auto added = sis_cli::parse_object(sis_cli::with_member(R"({"name":"Fall","days":[1,2]})", "previous", previous));
    REQUIRE(added);
    CHECK(added->getNames() == std::vector<std::string>{"days", "name", "previous"});
    CHECK(added->getValue<std::string>("name") == "Fall");
    CHECK(added->getObject("previous")->getValue<std::string>("note") == "a \"quoted\" word");
    // An empty object takes it with no comma before it.
    const auto alone = sis_cli::parse_object(sis_cli::with_member("{}", "previous", "null"));
    REQUIRE(alone);
    CHECK(alone->size() == 1);
    CHECK(alone->isNull("previous"));
}

TEST_CASE("the summary names each grading period's school year and level") {
    const std::string json = R"({"sis":"veracross","school_route":"demo","event":{"name":"Fall","grading_periods":[
        {"id":"31","name":"Semester 1","start":"2025-09-02","end":"2026-01-23",
         "school_year":{"id":"2025","description":"2025-2026"},"school_level":{"id":"1","description":"Lower School"}},
        {"id":"7","name":"Fall","start":"2025-09-02","end":"2026-01-16","school_year":null,"school_level":null}]},
      "counts":{}})";
    const std::string summary = sis_cli::import_summary_of_json(json);
    CHECK_THAT(summary, Catch::Contains("grading periods: Semester 1 (2025-2026, Lower School: 2025-09-02 .. 2026-01-23), "
                                        "Fall (every school level: 2025-09-02 .. 2026-01-16)\n"));
    CHECK(summary == full_summary(json));
}

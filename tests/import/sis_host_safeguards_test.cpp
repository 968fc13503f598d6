// sis-host import with the safeguards, as an admin runs it: a held import
// exits 6 and writes nothing, --accept-large-change publishes it; --bookings
// lists the bookings at risk, and a bad bookings file is refused naming the
// item and field; the summary carries the readiness report.
#include "import_fixture.hpp"
#include "sis_host_run.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <fstream>

using namespace import_test;
using test_support::run_process;

namespace {

Poco::JSON::Object::Ptr parsed(const std::string &text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

TEST_CASE("a held sis-host import exits 6 and writes nothing until run with --accept-large-change") {
    ImportFixture f({"demo", 5, 200});
    SisHostRun host(f);
    const auto first = host.run({"--out", host.path("roster.json")});
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    const std::string published = read_file(host.path("roster.json"));
    withdraw_a_third(f);

    const auto held = host.run({"--previous", host.path("roster.json"), "--full", "--out", host.path("roster.json")});
    INFO(held.out + held.err);
    CHECK(held.exit_code == 6);
    CHECK_THAT(held.out, Catch::StartsWith("HELD: the import of \"Fall Parent-Teacher Conferences\" removes more than 10%"));
    CHECK_THAT(held.out, Catch::Contains("--accept-large-change") && Catch::Contains("readiness:"));
    CHECK_THAT(held.err, Catch::Contains("unchanged"));
    CHECK(read_file(host.path("roster.json")) == published);

    const auto json = host.run({"--previous", host.path("roster.json"), "--full", "--json"});
    CHECK(json.exit_code == 6);
    CHECK(parsed(json.out)->has("held"));

    const auto accepted = host.run({"--previous", host.path("roster.json"), "--full", "--accept-large-change",
                                    "--out", host.path("roster.json")});
    INFO(accepted.err);
    REQUIRE(accepted.exit_code == 0);
    CHECK_THAT(accepted.out, Catch::Contains("large change (more than 10% removed): accepted"));
    const auto before = parsed(published), after = parsed(read_file(host.path("roster.json")));
    CHECK(after->getObject("counts")->getValue<int>("students") < before->getObject("counts")->getValue<int>("students"));
}

TEST_CASE("sis-host import --bookings lists the bookings at risk in the summary") {
    ImportFixture f({"demo", 5, 200});
    SisHostRun host(f);
    const auto first = host.run({"--out", host.path("roster.json")});
    REQUIRE(first.exit_code == 0);
    // One booking the roster allows, and one for a student the school does not have.
    const auto conference = parsed(read_file(host.path("roster.json")))->getArray("conference");
    const auto parent = conference->getObject(0);
    const auto teacher = parent->getArray("teachers")->getObject(0);
    const std::string parent_id = parent->getValue<std::string>("parent_id");
    const std::string teacher_id = teacher->getValue<std::string>("teacher_id");
    const std::string student_id = teacher->getArray("for")->getObject(0)->getValue<std::string>("student_id");
    std::ofstream(host.path("bookings.json"))
        << R"([{"parent_id":")" << parent_id << R"(","teacher_id":")" << teacher_id << R"(","student_id":")"
        << student_id << R"("},{"parent_id":")" << parent_id << R"(","teacher_id":")" << teacher_id
        << R"(","student_id":"999999999"}])";

    const auto r = host.run({"--dry-run", "--bookings", host.path("bookings.json")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("bookings at risk: 1\n    parent " + parent_id + ", teacher " + teacher_id +
                                      ", student 999999999: student_not_in_roster"));
    CHECK_THAT(r.out, Catch::Contains("SSO (email) will recognise teachers"));

    const auto json = host.run({"--dry-run", "--json", "--bookings", host.path("bookings.json")});
    REQUIRE(json.exit_code == 0);
    CHECK(parsed(json.out)->getArray("bookings_at_risk")->size() == 1);
}

TEST_CASE("sis-host import refuses a bad bookings file naming the item and the field") {
    ImportFixture f({"demo", 5, 100});
    SisHostRun host(f);
    std::ofstream(host.path("bookings.json")) << R"([{"parent_id":"1","teacher_id":"2","student_id":"3"},{"parent_id":"1","student_id":"3"}])";
    const auto r = host.run({"--bookings", host.path("bookings.json"), "--out", host.path("roster.json")});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains(host.path("bookings.json") + ": item 2: teacher_id is missing"));
    CHECK_FALSE(std::ifstream(host.path("roster.json")).good());
}

TEST_CASE("sis-host --help documents the held exit code and the safeguard options") {
    const auto r = run_process(SIS_HOST_EXE, {"--help"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("6   import held") && Catch::Contains("--accept-large-change") &&
                          Catch::Contains("[--bookings FILE]"));
}

// The admin page's safeguards without a browser: an import that would drop
// most of the last one is held (nothing published, the Held panel's data),
// Accept publishes it; the summary carries the readiness report, and the
// readiness CSV downloads.
#include "serve_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/TemporaryFile.h>

#include <fstream>

using namespace serve_test;

namespace {

Fields upper_school_only(const std::string &mode) {
    Fields form = ServeFixture::event_form(mode);
    form.push_back({"school_levels", "Upper School"});
    return form;
}

// The page opened, connected to the simulator's school, and the event form
// run in MODE (test or import); the page's state after it.
Poco::JSON::Object::Ptr connected_and_run(ServeFixture &f, const std::string &mode) {
    f.page.open_page();
    REQUIRE(f.page.post("/api/integration", f.integration_form("connect")).status == 200);
    f.page.wait_idle();
    REQUIRE(f.page.post("/api/event", ServeFixture::event_form(mode)).status == 200);
    return f.page.wait_idle();
}

} // namespace

TEST_CASE("serve: an import that drops most of the last one is held until Accept", "[serve]") {
    ServeFixture f;
    auto state = connected_and_run(f, "import");
    REQUIRE(state->getValue<bool>("has_published_import"));
    CHECK(state->isNull("held"));
    const int students = state->getObject("summary")->getObject("counts")->getValue<int>("students");
    const auto readiness = state->getObject("summary")->getObject("readiness");
    REQUIRE(readiness);
    CHECK(readiness->getObject("sso_match")->getObject("parents")->getValue<int>("total") > 0);

    // One school level of three: far more than 10% of the people go.
    REQUIRE(f.page.post("/api/event", upper_school_only("import")).status == 200);
    state = f.page.wait_idle();
    INFO(state->getObject("job")->getValue<std::string>("error"));
    REQUIRE_FALSE(state->isNull("held"));
    const auto held = state->getObject("held");
    CHECK_THAT(held->getValue<std::string>("text"), Catch::StartsWith("HELD:"));
    CHECK(held->getObject("held")->getObject("people")->getValue<int>("removed") > 0);
    // Nothing published: the summary and the download are still the first import's.
    CHECK(state->getObject("summary")->getObject("counts")->getValue<int>("students") == students);
    CHECK(f.page.get("/download/roster.json").json()->getObject("counts")->getValue<int>("students") == students);
    // The held import's own readiness, to look at before accepting; the held text lists its ids.
    CHECK_THAT(held->getValue<std::string>("text"), Catch::Contains("readiness: "));
    const auto held_csv = f.page.get("/download/held-readiness.csv");
    CHECK(held_csv.status == 200);
    CHECK_THAT(held_csv.header("Content-Disposition"), Catch::Contains("held-roster-readiness.csv"));
    CHECK_THAT(held_csv.body, Catch::StartsWith("check,ids,kind,display_name,email,detail\r\n"));

    REQUIRE(f.page.post("/api/event", upper_school_only("accept")).status == 200);
    state = f.page.wait_idle();
    CHECK(state->isNull("held"));
    const auto summary = state->getObject("summary");
    CHECK(summary->getObject("counts")->getValue<int>("students") < students);
    CHECK(summary->getObject("large_change")->getValue<bool>("accepted"));

    CHECK(f.page.get("/download/held-readiness.csv").status == 404); // nothing held any more
    const auto csv = f.page.get("/download/readiness.csv");
    CHECK(csv.status == 200);
    CHECK_THAT(csv.header("Content-Type"), Catch::StartsWith("text/csv"));
    CHECK_THAT(csv.body, Catch::StartsWith("check,ids,kind,display_name,email,detail\r\n"));
}

TEST_CASE("serve: the page's split households box books split families once per household and unticked not", "[serve]") {
    ServeFixture f;
    auto state = connected_and_run(f, "test");
    INFO(state->getObject("job")->getValue<std::string>("error"));
    CHECK(state->getObject("summary")->getObject("counts")->getValue<int>("students_split_by_household") > 0);
    CHECK_THAT(state->getObject("summary")->getValue<std::string>("text"), Catch::Contains("booked once per household"));

    Fields unticked;
    for (const auto &field : ServeFixture::event_form("test"))
        if (field.first != "split_households") unticked.push_back(field);
    REQUIRE(f.page.post("/api/event", unticked).status == 200);
    state = f.page.wait_idle();
    CHECK(state->getObject("summary")->getObject("counts")->getValue<int>("students_split_by_household") == 0);
}

TEST_CASE("serve: the bookings the host gave are checked by each import and those at risk shown", "[serve]") {
    ServeFixture f;
    auto state = connected_and_run(f, "test");
    CHECK(state->getObject("summary")->isNull("bookings_at_risk")); // no bookings given: nothing to check
    // One booking the roster supports (its first conference pair) and one of a student it does not list.
    const auto roster = f.page.get("/download/roster.json").json();
    const auto parent = roster->getArray("conference")->getObject(0);
    const auto teacher = parent->getArray("teachers")->getObject(0);
    const std::string parent_id = parent->getValue<std::string>("parent_id");
    const std::string teacher_id = teacher->getValue<std::string>("teacher_id");
    const std::string student_id = teacher->getArray("for")->getObject(0)->getValue<std::string>("student_id");
    Poco::TemporaryFile bookings;
    std::ofstream(bookings.path()) << R"([{"parent_id":")" << parent_id << R"(","teacher_id":")" << teacher_id
                                   << R"(","student_id":")" << student_id << R"("},{"parent_id":")" << parent_id
                                   << R"(","teacher_id":")" << teacher_id << R"(","student_id":"99999999"}])";
    f.workspace->load_bookings_file(bookings.path());
    REQUIRE(f.page.post("/api/event", ServeFixture::event_form("test")).status == 200);
    state = f.page.wait_idle();
    INFO(state->getObject("job")->getValue<std::string>("error"));
    const auto at_risk = state->getObject("summary")->getObject("bookings_at_risk");
    REQUIRE(at_risk);
    CHECK(at_risk->getValue<int>("count") == 1);
    const auto row = at_risk->getArray("rows")->getObject(0);
    CHECK(row->getValue<std::string>("student_id") == "99999999");
    CHECK(row->getValue<std::string>("reason") == "student_not_in_roster");
}

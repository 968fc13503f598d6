// The admin page's safeguards without a browser: an import that would drop
// most of the last one is held (nothing published, the Held panel's data),
// Accept publishes it; the summary carries the readiness report, and the
// readiness CSV downloads.
#include "serve_fixture.hpp"

#include <catch2/catch.hpp>

using namespace serve_test;

namespace {

Fields upper_school_only(const std::string &mode) {
    Fields form = ServeFixture::event_form(mode);
    form.push_back({"school_levels", "Upper School"});
    return form;
}

} // namespace

TEST_CASE("serve: an import that drops most of the last one is held until Accept", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    REQUIRE(f.page.post("/api/integration", f.integration_form("connect")).status == 200);
    f.page.wait_idle();
    REQUIRE(f.page.post("/api/event", ServeFixture::event_form("import")).status == 200);
    auto state = f.page.wait_idle();
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

    REQUIRE(f.page.post("/api/event", upper_school_only("accept")).status == 200);
    state = f.page.wait_idle();
    CHECK(state->isNull("held"));
    const auto summary = state->getObject("summary");
    CHECK(summary->getObject("counts")->getValue<int>("students") < students);
    CHECK(summary->getObject("large_change")->getValue<bool>("accepted"));

    const auto csv = f.page.get("/download/readiness.csv");
    CHECK(csv.status == 200);
    CHECK_THAT(csv.header("Content-Type"), Catch::StartsWith("text/csv"));
    CHECK_THAT(csv.body, Catch::StartsWith("check,ids,kind,display_name,email,detail\r\n"));
}

TEST_CASE("serve: the page's split households box books split families once per household and unticked not", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    REQUIRE(f.page.post("/api/integration", f.integration_form("connect")).status == 200);
    f.page.wait_idle();
    REQUIRE(f.page.post("/api/event", ServeFixture::event_form("test")).status == 200);
    auto state = f.page.wait_idle();
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

// sis-host serve without a browser: the session cookie's flags, CSRF and
// origin refusals, bad input, the SSO callback, the downloads, and a scan of
// every answer and log line for the client secret.
#include "browser.hpp"
#include "serve_fixture.hpp"

#include <catch2/catch.hpp>

#include <set>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

using namespace serve_test;

namespace {

std::string joined(const Poco::JSON::Array::Ptr &list) {
    std::string s;
    for (const auto &v : *list) s += v.toString() + "\n";
    return s;
}

// Connect, wait for it, and return the state.
Poco::JSON::Object::Ptr connected(ServeFixture &f) {
    const auto saved = f.page.post("/api/integration", f.integration_form("connect"));
    INFO(saved.body);
    REQUIRE(saved.status == 200);
    return f.page.wait_idle();
}

} // namespace

TEST_CASE("serve: the page sets an HttpOnly SameSite=Strict session cookie and carries a CSRF token", "[serve]") {
    ServeFixture f;
    const auto page = f.page.open_page();
    REQUIRE(page.status == 200);
    const std::string cookie = page.header("Set-Cookie");
    CHECK_THAT(cookie, Catch::StartsWith("sis_admin_session="));
    CHECK_THAT(cookie, Catch::Contains("; HttpOnly"));
    CHECK_THAT(cookie, Catch::Contains("; SameSite=Strict"));
    CHECK_THAT(cookie, Catch::Contains("; Path=/"));
    CHECK(f.page.csrf.size() == 64);
    CHECK(page.body.find("{{CSRF_TOKEN}}") == std::string::npos);
    CHECK(page.header("Cache-Control") == "no-store");
    CHECK(page.header("Referrer-Policy") == "same-origin");
    CHECK_THAT(page.header("Content-Security-Policy"), Catch::Contains("script-src 'self'"));
    // The page's own files come from sis-host itself.
    CHECK(f.page.get("/app.js").status == 200);
    CHECK(f.page.get("/style.css").status == 200);
    // A second visit keeps the session: no new cookie, the same token.
    const std::string token = f.page.csrf;
    const auto again = f.page.get("/");
    CHECK(again.header("Set-Cookie").empty());
    CHECK(csrf_in_page(again.body) == token);
}

TEST_CASE("serve: a POST without the CSRF token, with another session's, or without the session is refused", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    PageClient other(f.server->port());
    other.open_page();
    REQUIRE(other.csrf != f.page.csrf);

    const auto without = f.page.post("/api/integration", f.integration_form(), false);
    CHECK(without.status == 403);
    CHECK_THAT(without.json()->getValue<std::string>("error"), Catch::Contains("security token"));

    auto fields = f.integration_form();
    fields.emplace_back("csrf_token", other.csrf);
    CHECK(f.page.post("/api/integration", fields, false).status == 403);

    f.page.send_cookie = false;
    CHECK(f.page.post("/api/integration", f.integration_form()).status == 403);
    f.page.send_cookie = true;

    // None of them changed anything.
    CHECK(f.page.get("/api/state").json()->getObject("integration")->getValue<std::string>("client_id").empty());
    CHECK(f.page.post("/api/integration", f.integration_form()).status == 200);
    CHECK(f.page.get("/api/state").json()->getObject("integration")->getValue<std::string>("client_id") ==
          f.sim.client_id);
}

TEST_CASE("serve: a POST from another site and a request for another host name are refused", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    const auto foreign = f.page.post("/api/integration", f.integration_form(), true, {{"Origin", "http://evil.example"}});
    CHECK(foreign.status == 403);
    CHECK_THAT(foreign.body, Catch::Contains("another site"));
    const auto same = f.page.post("/api/integration", f.integration_form(), true,
                                  {{"Origin", "http://127.0.0.1:" + std::to_string(f.server->port())}});
    CHECK(same.status == 200);
    // DNS rebinding: a page of evil.example that resolves to 127.0.0.1.
    const auto rebound = f.page.get("/api/state", {{"Host", "evil.example:" + std::to_string(f.server->port())}});
    CHECK(rebound.status == 421);
}

TEST_CASE("serve: bad input gets a clear error, never a crash", "[serve]") {
    ServeFixture f;
    CHECK(f.page.get("/api/state").status == 401); // no session yet
    f.page.open_page();

    auto form = f.integration_form();
    form[0].second = "  ";
    auto answer = f.page.post("/api/integration", form);
    CHECK(answer.status == 400);
    CHECK_THAT(answer.json()->getValue<std::string>("error"), Catch::Contains("School Domain is required"));

    form = f.integration_form();
    form[3].second = "everything";
    answer = f.page.post("/api/integration", form);
    CHECK(answer.status == 400);
    CHECK_THAT(answer.json()->getValue<std::string>("error"), Catch::Contains("imports_and_sso"));

    form = f.integration_form();
    form[2].second = "";
    answer = f.page.post("/api/integration", form);
    CHECK(answer.status == 400);
    CHECK_THAT(answer.json()->getValue<std::string>("error"), Catch::Contains("Client Secret is required"));

    answer = f.page.post("/api/integration", f.integration_form("explode"));
    CHECK(answer.status == 400);

    answer = f.page.post("/api/event", {{"name", "Conferences"}, {"mode", "test"}});
    CHECK(answer.status == 400);
    CHECK_THAT(answer.json()->getValue<std::string>("error"), Catch::Contains("grading period"));
    answer = f.page.post("/api/event", {{"name", ""}, {"grading_period", "Semester 1"}, {"mode", "save"}});
    CHECK(answer.status == 400);
    CHECK_THAT(answer.json()->getValue<std::string>("error"), Catch::Contains("name"));

    CHECK(f.page.raw("POST", "/api/event", "{\"name\": 1}", "application/json").status == 415);
    CHECK(f.page.post("/api/event", {{"name", std::string(70 * 1024, 'x')}}).status == 413);
    CHECK(f.page.get("/api/integration").status == 405);
    CHECK(f.page.get("/no/such/page").status == 404);
    CHECK(f.page.get("/download/roster.json").status == 404); // no import yet
    answer = f.page.get("/download/oneroster.zip");
    CHECK(answer.status == 404);
    CHECK_THAT(answer.body, Catch::Contains("no import yet"));
}

TEST_CASE("serve: Connect shows the checklist, names missing scopes and lists the school's grading periods", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    auto scopes = connect_test::guide_scopes();
    scopes.erase("academics.enrollments:list");
    f.sim.set_scopes(scopes);
    auto state = connected(f);
    auto connect = state->getObject("connect");
    REQUIRE(connect);
    CHECK_FALSE(connect->getValue<bool>("ok"));
    CHECK_THAT(joined(connect->getArray("missing_scopes")), Catch::Contains("academics.enrollments:list"));
    CHECK(state->getObject("school")->getArray("grading_periods")->size() == 0); // not connected: not read

    f.sim.set_scopes(connect_test::every_scope());
    state = connected(f);
    connect = state->getObject("connect");
    CHECK(connect->getValue<bool>("ok"));
    CHECK(connect->getArray("missing_scopes")->size() == 0);
    CHECK_THAT(joined(connect->getArray("redirect_urls_to_add")), Catch::Contains("https://pickatime.com/client"));
    const auto periods = joined(state->getObject("school")->getArray("grading_periods"));
    CHECK_THAT(periods, Catch::Contains("Semester 1\n"));
    CHECK_FALSE(state->getObject("job")->getValue<bool>("running"));
}

TEST_CASE("serve: test import, import with the diff, and the downloads", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    connected(f);
    REQUIRE(f.page.post("/api/event", ServeFixture::event_form("test")).status == 200);
    auto state = f.page.wait_idle();
    INFO(state->getObject("job")->getValue<std::string>("error"));
    auto summary = state->getObject("summary");
    REQUIRE(summary);
    CHECK(summary->getValue<bool>("preview"));
    CHECK(summary->isNull("diff")); // nothing imported before
    CHECK(summary->getObject("counts")->getValue<int>("students") > 0);
    CHECK_FALSE(state->getValue<bool>("has_published_import"));
    // The periods taken, each with its school year and level.
    const auto periods = summary->getArray("grading_periods");
    REQUIRE(periods->size() > 0);
    std::set<std::string> levels;
    for (std::size_t i = 0; i < periods->size(); ++i) {
        const auto p = periods->getObject(static_cast<unsigned>(i));
        CHECK(p->getValue<std::string>("school_year") == "2025-2026");
        levels.insert(p->getValue<std::string>("school_level"));
    }
    CHECK(levels == std::set<std::string>{"Lower School", "Middle School", "Upper School"});
    CHECK_THAT(summary->getValue<std::string>("text"), Catch::Contains("(2025-2026, Upper School: 2025-09-02 .. "));

    REQUIRE(f.page.post("/api/event", ServeFixture::event_form("import")).status == 200);
    state = f.page.wait_idle();
    REQUIRE(f.page.post("/api/event", ServeFixture::event_form("test")).status == 200);
    state = f.page.wait_idle();
    summary = state->getObject("summary");
    CHECK(state->getValue<bool>("has_published_import"));
    REQUIRE_FALSE(summary->isNull("diff")); // compared with the import before
    CHECK(summary->getObject("diff")->getObject("people")->getObject("added")->getValue<int>("count") == 0);

    const auto roster = f.page.get("/download/roster.json");
    CHECK(roster.status == 200);
    CHECK_THAT(roster.header("Content-Disposition"), Catch::Contains("attachment"));
    CHECK(roster.json()->getValue<std::string>("schema") == "pickatime.roster/1");
    const auto zip = f.page.get("/download/oneroster.zip");
    CHECK(zip.status == 200);
    CHECK(zip.header("Content-Type") == "application/zip");
    CHECK(zip.body.rfind("PK\x03\x04", 0) == 0);
    for (const char *file : {"manifest.csv", "users.csv", "enrollments.csv"}) CHECK(zip.body.find(file) != std::string::npos);
}

TEST_CASE("serve: the event's school year goes to the import and its periods are that year's", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    connected(f);
    // Last year's "Semester 1" (the school still lists it), typed with spaces around.
    auto form = ServeFixture::event_form("test");
    form.push_back({"school_year", " 2024-2025 "});
    REQUIRE(f.page.post("/api/event", form).status == 200);
    auto state = f.page.wait_idle();
    INFO(state->getObject("job")->getValue<std::string>("error"));
    CHECK(state->getObject("event")->getValue<std::string>("school_year") == "2024-2025");
    const auto periods = state->getObject("summary")->getArray("grading_periods");
    REQUIRE(periods->size() > 0);
    for (std::size_t i = 0; i < periods->size(); ++i)
        CHECK(periods->getObject(static_cast<unsigned>(i))->getValue<std::string>("school_year") == "2024-2025");

    // Left empty: no school year in the event, and the import takes the current one.
    REQUIRE(f.page.post("/api/event", ServeFixture::event_form("save")).status == 200);
    CHECK_FALSE(f.page.get("/api/state").json()->getObject("event")->has("school_year"));

    // A year the school does not have: the import says so, naming the field.
    form = ServeFixture::event_form("test");
    form.push_back({"school_year", "1999-2000"});
    REQUIRE(f.page.post("/api/event", form).status == 200);
    state = f.page.wait_idle();
    CHECK_THAT(state->getObject("job")->getValue<std::string>("error"), Catch::Contains("school_year"));
}

TEST_CASE("serve: a second job waits for the first", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    f.sim.sim->add_fault({vcsim::FaultKind::latency, "", "", std::nullopt, 1.0, 500, 300});
    REQUIRE(f.page.post("/api/integration", f.integration_form("connect")).status == 200);
    const auto busy = f.page.post("/api/integration", f.integration_form("connect"));
    CHECK(busy.status == 409);
    CHECK_THAT(busy.json()->getValue<std::string>("error"), Catch::Contains("running"));
    f.sim.sim->clear_faults();
    f.page.wait_idle();
}

TEST_CASE("serve: Log in with Veracross goes to Veracross and back, and the page shows who logged in", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    connected(f);
    const auto begun = f.page.post("/sso/begin", {});
    REQUIRE(begun.status == 303);
    const std::string authorize = begun.header("Location");
    const auto before = f.page.get("/api/state").json()->getObject("sso");
    INFO((before ? before->optValue<std::string>("error", "") : std::string()));
    REQUIRE_THAT(authorize, Catch::StartsWith(f.sim.sim->https_base_url() + "/demo/oauth/authorize?"));

    const auto user = f.sim.school.users.at(0);
    const auto landing = sso_test::open_authorization_url(authorize, user.preferred_username);
    REQUIRE(landing.status == 302);
    REQUIRE_THAT(landing.location, Catch::StartsWith("https://pickatime.com/client?"));
    const std::string code = landing.query.at("code");

    // The browser comes back cross-site: without the SameSite=Strict cookie.
    const std::string callback = "/client?" + Poco::URI(landing.location).getRawQuery();
    f.page.send_cookie = false;
    const auto back = f.page.get(callback);
    f.page.send_cookie = true;
    CHECK(back.status == 200);
    CHECK(back.body.find(code) == std::string::npos);
    CHECK_THAT(back.body, Catch::Contains("http-equiv=\"refresh\""));
    // Used once: the same address again is refused, still without the code.
    const auto replay = f.page.get(callback);
    CHECK(replay.status == 400);
    CHECK(replay.body.find(code) == std::string::npos);

    const auto sso = f.page.get("/api/state").json()->getObject("sso");
    REQUIRE(sso);
    INFO(sso->optValue<std::string>("error", ""));
    const auto identity = sso->getObject("identity");
    REQUIRE(identity);
    CHECK(identity->getValue<std::string>("display_name") == user.preferred_username);
    CHECK(f.log_text().find(code) == std::string::npos);

    // Another session's callback does not land in this one; an unknown state is refused.
    CHECK(f.page.get("/client?code=0123456789abcdef&state=unknown").status == 400);
}

TEST_CASE("serve: the client secret is in no answer and no log line", "[serve]") {
    ServeFixture f;
    f.page.open_page();
    connected(f);
    f.page.post("/api/event", ServeFixture::event_form("test"));
    f.page.wait_idle();
    f.page.post("/api/event", ServeFixture::event_form("import"));
    f.page.wait_idle();
    f.page.post("/api/integration", f.integration_form("save"));
    f.page.get("/");
    f.page.get("/api/state");
    f.page.get("/download/roster.json");
    f.page.get("/download/oneroster.zip");
    f.page.post("/sso/begin", {});
    auto bad = f.integration_form();
    bad[3].second = "nope";
    f.page.post("/api/integration", bad);

    REQUIRE(f.page.transcript.size() > 12); // every request above was answered and kept
    for (const auto &answer : f.page.transcript) {
        INFO(answer.substr(0, 300));
        CHECK(answer.find(connect_test::kSecret) == std::string::npos);
    }
    CHECK(f.log_text().find(connect_test::kSecret) == std::string::npos);
    CHECK_FALSE(f.log_text().empty());
    // The state says a secret is stored, and nothing about it.
    const auto integration = f.page.get("/api/state").json()->getObject("integration");
    CHECK(integration->getValue<bool>("client_secret_stored"));
    std::vector<std::string> names;
    integration->getNames(names);
    for (const auto &name : names) CHECK(name.find("secret_length") == std::string::npos);
}

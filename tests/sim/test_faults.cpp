// Fault injection: every kind, matching by route and path, seeded
// probabilities, and the /_sim admin endpoint.
#include "faults.hpp"
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <thread>

using namespace simtest;
using vcsim::Fault;
using vcsim::FaultKind;

namespace {

Fault fault_of(FaultKind kind, std::optional<int> count = std::nullopt, std::string path = "") {
    Fault fault;
    fault.kind = kind;
    fault.count = count;
    fault.path = std::move(path);
    return fault;
}

struct FaultsFixture {
    std::unique_ptr<vcsim::Simulator> sim = start_simulator();
    std::string base = sim->http_base_url();
    std::string token = fetch_token(base, "students:list students:read");
    Response students() { return get_data(base, "/demo/v3/students", token); }
};

template <class F> std::chrono::milliseconds time_of(F &&f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

Response admin(const std::string &base, const std::string &method, const std::string &path,
               const std::string &body = "") {
    Call call;
    call.method = method;
    call.path = path;
    call.body = body;
    if (!body.empty()) call.content_type = "application/json";
    return send(base, call);
}

} // namespace

TEST_CASE_METHOD(FaultsFixture, "faults: status for the next N requests, then normal", "[faults]") {
    Fault fault = fault_of(FaultKind::status, 2);
    fault.status = 503;
    sim->add_fault(fault);
    Response first = students();
    CHECK(first.status == 503);
    CHECK(first.header("Content-Type").find("text/html") == 0);
    CHECK(students().status == 503);
    CHECK(students().status == 200);
    CHECK(sim->faults().empty());
    CHECK(sim->counters().faults_fired == 2);

    fault.status = 500;
    fault.count = 1;
    sim->add_fault(fault);
    Response error = students();
    CHECK(error.status == 500);
    CHECK(error.json()->getValue<std::string>("error") == "An unknown error has occurred");

    // The 3rd matching request fails, the others pass.
    fault.after = 2;
    sim->add_fault(fault);
    CHECK(students().status == 200);
    CHECK(students().status == 200);
    CHECK(students().status == 500);
    CHECK(students().status == 200);

    fault.status = 429;
    fault.after = 0;
    sim->add_fault(fault);
    Response limited = students();
    CHECK(limited.status == 429);
    CHECK(limited.json()->getValue<std::string>("error") == "Too Many Requests");
    CHECK(sim->counters().too_many_requests == 1);
}

TEST_CASE_METHOD(FaultsFixture, "faults: match by route and by path on whole segments", "[faults]") {
    Fault token_fault = fault_of(FaultKind::status, std::nullopt, "/oauth/token");
    token_fault.status = 502;
    sim->add_fault(token_fault);
    CHECK(students().status == 200);
    CHECK(post_form(base, "/demo/oauth/token", {}).status == 502);
    sim->clear_faults();

    Fault read_fault = fault_of(FaultKind::status, std::nullopt, "v3/students");
    read_fault.route = "demo";
    sim->add_fault(read_fault);
    CHECK(get_data(base, "/demo/v3/students/101", token).status == 500);
    CHECK(get_data(base, "/demo/v3/students.json", token).status == 500);
    CHECK(get_data(base, "/demo/v3/academics/classes", token).status == 401); // not matched: reaches the API
    const std::string other = fetch_token(base, "students:list", "other");
    CHECK(get_data(base, "/other/v3/students", other).status == 200);
}

TEST_CASE("faults: probabilities follow the seed", "[faults]") {
    auto pattern = [](std::uint64_t seed) {
        vcsim::Options options;
        options.fault_seed = seed;
        Fault fault = fault_of(FaultKind::status, std::nullopt, "v3");
        fault.probability = 0.5;
        options.faults = {fault};
        auto sim = start_simulator(options);
        const std::string token = fetch_token(sim->http_base_url(), "students:list");
        std::string statuses;
        for (int i = 0; i < 24; ++i)
            statuses += get_data(sim->http_base_url(), "/demo/v3/students", token).status == 200 ? '.' : 'X';
        return statuses;
    };
    const std::string first = pattern(7);
    CHECK(first == pattern(7));
    CHECK(first.find('X') != std::string::npos);
    CHECK(first.find('.') != std::string::npos);
    CHECK(first != pattern(8));
}

TEST_CASE_METHOD(FaultsFixture, "faults: latency, per fault and for every request", "[faults]") {
    Fault fault = fault_of(FaultKind::latency, 1);
    fault.latency_ms = 300;
    // Only lower bounds on the wall clock (a loaded machine makes a request
    // slower, never faster); that the next request has no latency is the
    // injector's decision, checked as such.
    vcsim::FaultInjector injector(1, {fault});
    CHECK(injector.on_request("demo", "v3/students", true).latency == std::chrono::milliseconds(300));
    CHECK(injector.on_request("demo", "v3/students", true).latency == std::chrono::milliseconds(0));
    CHECK(injector.list().empty());

    sim->add_fault(fault);
    CHECK(time_of([&] { CHECK(students().status == 200); }) >= std::chrono::milliseconds(300));
    CHECK(sim->faults().empty()); // used up: the next request has none
    CHECK(sim->counters().faults_fired == 1);

    vcsim::Options options;
    options.latency = std::chrono::milliseconds(200);
    auto slow = start_simulator(options);
    CHECK(time_of([&] { get(slow->http_base_url(), "/demo/.well-known/openid-configuration"); }) >=
          std::chrono::milliseconds(200));
}

TEST_CASE_METHOD(FaultsFixture, "faults: a dropped connection has no response", "[faults]") {
    sim->add_fault(fault_of(FaultKind::drop, 1));
    CHECK_THROWS_AS(students(), Poco::Exception);
    CHECK(students().status == 200);
    // Over TLS too.
    sim->add_fault(fault_of(FaultKind::drop, 1));
    CHECK_THROWS_AS(get_data(sim->https_base_url(), "/demo/v3/students", token), Poco::Exception);
}

TEST_CASE_METHOD(FaultsFixture, "faults: a truncated body is shorter than its Content-Length", "[faults]") {
    const std::string full = students().body;
    sim->add_fault(fault_of(FaultKind::truncate, 1));
    Response r = students();
    CHECK(r.status == 200);
    CHECK(std::stoul(r.header("Content-Length")) == full.size());
    CHECK(r.body.size() < full.size());
    CHECK(r.header("Connection") == "Close");
    CHECK(students().body == full);
}

TEST_CASE_METHOD(FaultsFixture, "faults: an invalid JSON body", "[faults]") {
    sim->add_fault(fault_of(FaultKind::invalid_json, 1));
    Response r = students();
    CHECK(r.status == 200);
    CHECK(std::stoul(r.header("Content-Length")) == r.body.size());
    CHECK_THROWS(Poco::JSON::Parser().parse(r.body));
    CHECK_NOTHROW(Poco::JSON::Parser().parse(students().body));
}

TEST_CASE_METHOD(FaultsFixture, "faults: a slow trickle delivers the whole body late", "[faults]") {
    const std::string full = students().body;
    Fault fault = fault_of(FaultKind::trickle, 1);
    fault.chunk_bytes = static_cast<int>(full.size() / 5) + 1; // five chunks, four pauses
    fault.pause_ms = 60;
    sim->add_fault(fault);
    Response r;
    CHECK(time_of([&] { r = students(); }) >= std::chrono::milliseconds(240));
    CHECK(r.body == full);
}

TEST_CASE_METHOD(FaultsFixture, "faults: tokens expire after N data requests", "[faults]") {
    Fault fault = fault_of(FaultKind::expire_tokens, 1);
    fault.after = 3;
    fault.route = "demo";
    sim->add_fault(fault);
    CHECK(get(base, "/demo/.well-known/openid-configuration").status == 200); // not a data request
    for (int i = 0; i < 3; ++i) CHECK(students().status == 200);
    Response expired = students();
    CHECK(expired.status == 401);
    CHECK(expired.json()->getValue<std::string>("error") == "The provided access token has expired");
    token = fetch_token(base, "students:list");
    for (int i = 0; i < 5; ++i) CHECK(students().status == 200); // fired once
}

TEST_CASE("faults: parse and check rules", "[faults]") {
    Fault parsed = vcsim::parse_fault(
        {{"kind", "trickle"}, {"route", "demo"}, {"path", "/v3/students"}, {"count", "2"}, {"chunk_bytes", "4"},
         {"pause_ms", "10"}, {"probability", "0.25"}});
    CHECK(parsed.kind == FaultKind::trickle);
    CHECK(parsed.count == 2);
    CHECK(parsed.chunk_bytes == 4);
    CHECK(parsed.probability == 0.25);
    CHECK(vcsim::fault_fields(parsed).at("kind") == "trickle");
    CHECK_THROWS_WITH(vcsim::parse_fault({{"kind", "meteor"}}), "unknown fault kind: meteor");
    CHECK_THROWS_WITH(vcsim::parse_fault({{"kind", "drop"}, {"colour", "red"}}), "unknown fault field: colour");
    CHECK_THROWS_WITH(vcsim::parse_fault({{"kind", "status"}, {"status", "five"}}),
                      "fault field status must be an integer: five");
    CHECK_THROWS(vcsim::parse_fault({{"route", "demo"}}));

    vcsim::FaultInjector injector(1, {});
    Fault bad = fault_of(FaultKind::status, 0);
    CHECK_THROWS(injector.add(bad));
    bad = fault_of(FaultKind::status);
    bad.status = 200;
    CHECK_THROWS(injector.add(bad));
    bad = fault_of(FaultKind::status);
    bad.probability = 0;
    CHECK_THROWS(injector.add(bad));
}

TEST_CASE_METHOD(FaultsFixture, "admin: faults, counters, tokens, scopes and settings over HTTP", "[faults][admin]") {
    Response added = admin(base, "POST", "/_sim/faults",
                           R"([{"kind": "status", "status": 503, "count": 1, "path": "v3/students"},
                               {"kind": "latency", "latency_ms": 1, "route": "other"}])");
    REQUIRE(added.status == 200);
    CHECK(added.json()->getArray("faults")->size() == 2);
    CHECK(admin(base, "POST", "/_sim/faults", R"({"kind": "drop", "count": 1, "route": "nowhere"})").status == 200);
    CHECK(admin(base, "GET", "/_sim/faults").json()->getArray("faults")->size() == 3);
    CHECK(students().status == 503);
    CHECK(admin(base, "GET", "/_sim/faults").json()->getArray("faults")->size() == 2);
    CHECK(admin(base, "DELETE", "/_sim/faults").status == 200);
    CHECK(sim->faults().empty());
    Response bad = admin(base, "POST", "/_sim/faults", R"({"kind": "meteor"})");
    CHECK(bad.status == 400);
    CHECK(bad.json()->getValue<std::string>("error") == "unknown fault kind: meteor");
    CHECK(admin(base, "POST", "/_sim/faults", "not json").status == 400);

    auto counters = admin(base, "GET", "/_sim/counters").json();
    CHECK(counters->getValue<int>("token_requests") == 1);
    CHECK(counters->getObject("data_requests_by_resource")->getValue<int>("students") == 1);
    CHECK(admin(base, "POST", "/_sim/counters/reset").status == 200);
    CHECK(sim->counters().token_requests == 0);

    CHECK(admin(base, "POST", "/_sim/routes/demo/expire_tokens").status == 200);
    CHECK(students().json()->getValue<std::string>("error") == "The provided access token has expired");
    token = fetch_token(base, "students:list");
    CHECK(admin(base, "POST", "/_sim/routes/demo/revoke_tokens").status == 200);
    CHECK(students().json()->getValue<std::string>("error") == "The provided access token has been revoked");
    CHECK(admin(base, "POST", "/_sim/routes/nowhere/revoke_tokens").status == 404);

    CHECK(admin(base, "PUT", "/_sim/routes/demo/apps/" + kLimitedClientId + "/scopes",
                R"({"scopes": ["students:list", "students:read"]})")
              .status == 200);
    fetch_token(base, "students:read", "demo", kLimitedClientId, kLimitedSecret);
    CHECK(admin(base, "PUT", "/_sim/routes/demo/apps/unknown/scopes", R"({"scopes": []})").status == 404);

    CHECK(admin(base, "PUT", "/_sim/settings", R"({"token_lifetime_seconds": 60, "rate_limit": 1})").status == 200);
    token = fetch_token(base, "students:list");
    CHECK(students().status == 200);
    CHECK(students().status == 429);
    CHECK(admin(base, "PUT", "/_sim/settings", R"({"colour": 1})").status == 400);
    CHECK(admin(base, "GET", "/_sim/nothing").status == 404);
    CHECK(sim->counters().requests == 7); // since the reset; admin calls are not counted
}

TEST_CASE("faults: stop() is prompt while a request sleeps in a fault", "[faults]") {
    auto sim = start_simulator();
    Fault fault = fault_of(FaultKind::latency);
    fault.latency_ms = 120000;
    sim->add_fault(fault);
    std::thread client([base = sim->http_base_url()] {
        try {
            get(base, "/demo/.well-known/openid-configuration");
        } catch (const Poco::Exception &) { // the connection is cut
        }
    });
    // The fault fires just before the request starts its sleep.
    while (sim->counters().faults_fired == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    // Waking the sleeper takes milliseconds, sleeping it out two minutes: a
    // bound between the two that no load on the machine reaches.
    CHECK(time_of([&] { sim->stop(); }) < std::chrono::seconds(30));
    client.join();
}

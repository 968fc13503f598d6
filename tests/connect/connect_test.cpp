// connect through the C ABI against the simulator over HTTPS: every outcome
// an admin can meet when clicking Connect, each with the secret nowhere in
// the result, the error or the log.
#include "plugin_harness.hpp"
#include "sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <set>

#include <Poco/JSON/Array.h>
#include <Poco/Net/ServerSocket.h>

#include <cmath>

using namespace connect_test;

namespace {

std::vector<std::string> texts(const Poco::JSON::Array::Ptr &a) {
    std::vector<std::string> out;
    if (a)
        for (const auto &v : *a) out.push_back(v.toString());
    return out;
}

Poco::JSON::Object::Ptr check_named(const Outcome &o, const std::string &name) {
    auto checks = o.doc->getArray("checks");
    REQUIRE(checks);
    for (std::size_t i = 0; i < checks->size(); ++i)
        if (checks->getObject(i)->getValue<std::string>("name") == name) return checks->getObject(i);
    FAIL("no check named " << name << " in " << o.json);
    return nullptr;
}

Poco::JSON::Object with(const std::string &field, const Poco::Dynamic::Var &value) {
    Poco::JSON::Object o;
    o.set(field, value);
    return o;
}

// The error of a failed connect: status, code, message, and the report.
void check_failure(const Outcome &o, sis_status status, const std::string &code) {
    INFO(o.json);
    CHECK(o.status == status);
    CHECK(o.doc->getValue<std::string>("status") == sis_status_name(status));
    CHECK(o.doc->getValue<std::string>("code") == code);
    CHECK_FALSE(o.doc->getValue<bool>("ok"));
    check_schema_keys(o.doc, "connect_result.schema.json");
    check_schema_keys(o.doc, "error.schema.json");
    check_no_secret(o);
}

std::set<std::string> all_but(std::set<std::string> scopes, const std::vector<std::string> &drop) {
    for (const auto &d : drop) scopes.erase(d);
    return scopes;
}

// The search's promise: at most 2*d*log2(n) probes after the first request.
std::uint64_t token_request_bound(std::size_t refused, std::size_t asked) {
    return 2 * refused * static_cast<std::uint64_t>(std::ceil(std::log2(asked))) + 1;
}

} // namespace

TEST_CASE("connect succeeds with every scope and reports each check") {
    SimFixture f;
    PluginInstance p(f.config("imports"));
    const Outcome o = p.connect();
    INFO(o.json);
    REQUIRE(o.status == SIS_OK);
    CHECK(o.doc->getValue<bool>("ok"));
    CHECK(o.doc->getValue<std::string>("school_route") == "demo");
    CHECK(o.doc->getValue<std::string>("integration_type") == "imports");
    CHECK(texts(o.doc->getArray("missing_scopes")).empty());
    CHECK(check_named(o, "credentials")->getValue<bool>("ok"));
    CHECK(check_named(o, "scopes")->getValue<bool>("ok"));
    for (const char *path : {"staff_faculty", "parents", "students", "relationships",
                             "academics/config/grading_periods", "academics/classes",
                             "academics/enrollments"})
        CHECK(check_named(o, std::string("data:") + path)->getValue<bool>("ok"));
    auto scopes = o.doc->getArray("scopes");
    REQUIRE(scopes->size() == 16);
    for (std::size_t i = 0; i < scopes->size(); ++i) {
        CHECK(scopes->getObject(i)->getValue<bool>("granted"));
        CHECK_FALSE(scopes->getObject(i)->getValue<std::string>("purpose").empty());
    }
    CHECK(o.doc->getObject("rate_limit")->getValue<int>("limit") == 300);
    // The school's grading periods, whole, for an event form to choose from.
    std::set<std::string> want, got;
    for (const auto &p : f.school.resources.at("academics/config/grading_periods").records)
        want.insert(std::to_string(p->getValue<std::int64_t>("id")));
    auto periods = o.doc->getArray("grading_periods");
    REQUIRE(periods);
    for (std::size_t i = 0; i < periods->size(); ++i) {
        got.insert(periods->getObject(i)->getValue<std::string>("id"));
        CHECK_FALSE(periods->getObject(i)->getValue<std::string>("name").empty());
    }
    CHECK(!want.empty());
    CHECK(got == want);
    check_schema_keys(o.doc, "connect_result.schema.json");
    const auto c = f.sim->counters();
    CHECK(c.token_requests == 1);
    CHECK(c.data_requests == 7);
    check_no_secret(o);
}

TEST_CASE("optional scopes that are not enabled are reported as what they would add") {
    SimFixture f;
    f.set_scopes(guide_scopes());
    PluginInstance p(f.config("imports"));
    const Outcome o = p.connect();
    INFO(o.json);
    REQUIRE(o.status == SIS_OK);
    CHECK(texts(o.doc->getArray("missing_optional_scopes")) ==
          std::vector<std::string>{"academics.class_schedules:list", "academics.permissions:list"});
    const auto warnings = texts(o.doc->getArray("warnings"));
    REQUIRE(warnings.size() == 2);
    CHECK_THAT(warnings[1], Catch::Contains("academics.permissions:list") &&
                                Catch::Contains("would add co-teachers"));
    // All 16 (refused), the 14 required alone (granted: the token kept), then
    // each optional one alone: 4 requests and no probe token to revoke.
    CHECK(f.sim->counters().token_requests == 4);
    CHECK(f.sim->counters().revoke_requests == 0);
    check_no_secret(o);
}

TEST_CASE("a wrong client id or secret is auth_failed and says how to reset the secret") {
    SimFixture f;
    for (const auto &field : {std::make_pair("client_id", std::string("not-the-client-id")),
                              std::make_pair("client_secret", std::string("wrong-") + kSecret)}) {
        INFO(field.first);
        PluginInstance p(f.config("imports", with(field.first, field.second)));
        const Outcome o = p.connect();
        check_failure(o, SIS_AUTH_FAILED, "invalid_client");
        CHECK_THAT(o.doc->getValue<std::string>("message"),
                   Catch::Contains("Client ID or the Client Secret") &&
                       Catch::Contains("Reset Client Secret"));
        CHECK_FALSE(check_named(o, "credentials")->getValue<bool>("ok"));
        check_no_secret(o.json);
    }
}

TEST_CASE("a token that grants fewer scopes than asked, without invalid_scope, names the missing ones the same way") {
    SimFixture f; // Veracross's other plausible answer (docs/veracross-assumptions.md)
    f.sim->mutate_school("demo", [](vcsim::School &s) { s.apps.at(0).grants_fewer_scopes = true; });
    f.set_scopes(guide_scopes());
    PluginInstance optional_missing(f.config("imports"));
    Outcome o = optional_missing.connect();
    INFO(o.json);
    REQUIRE(o.status == SIS_OK);
    CHECK(texts(o.doc->getArray("missing_optional_scopes")) ==
          std::vector<std::string>{"academics.class_schedules:list", "academics.permissions:list"});

    f.set_scopes(all_but(guide_scopes(), {"students:read"}));
    PluginInstance required_missing(f.config("imports"));
    o = required_missing.connect();
    check_failure(o, SIS_MISSING_SCOPES, "missing_scopes");
    CHECK(texts(o.doc->getArray("missing_scopes")) == std::vector<std::string>{"students:read"});
    check_no_secret(o);
}

TEST_CASE("missing required scopes are each named, with a bounded number of token requests") {
    const std::vector<std::string> one{"relationships:read"};
    const std::vector<std::string> several{"staff_faculty:list", "students:read",
                                           "academics.enrollments:list"};
    const std::vector<std::string> all(import_scopes().begin(), import_scopes().end());
    for (const auto *missing : {&one, &several, &all}) {
        SimFixture f;
        f.set_scopes(all_but(import_scopes(), *missing));
        f.sim->reset_counters();
        PluginInstance p(f.config("imports"));
        const Outcome o = p.connect();
        check_failure(o, SIS_MISSING_SCOPES, "missing_scopes");
        auto named = texts(o.doc->getArray("missing_scopes"));
        std::sort(named.begin(), named.end());
        auto expected = *missing;
        std::sort(expected.begin(), expected.end());
        CHECK(named == expected);
        const std::string message = o.doc->getValue<std::string>("message");
        for (const auto &m : *missing) CHECK_THAT(message, Catch::Contains(m));
        CHECK_THAT(message, Catch::Contains("Identity & Access Management > OAuth Applications") &&
                                Catch::Contains("Scopes"));
        const auto c = f.sim->counters();
        INFO("token requests: " << c.token_requests);
        CHECK(c.token_requests <= token_request_bound(missing->size() + 2, 16));
        CHECK(c.data_requests == 0);
        // Every probe token Veracross granted was revoked again.
        if (missing != &all) CHECK(c.revoke_requests >= 1);
        CHECK_FALSE(check_named(o, "scopes")->getValue<bool>("ok"));
    }
}

TEST_CASE("two connects on one instance use one token, revoked when the instance goes") {
    SimFixture f;
    {
        PluginInstance p(f.config("imports"));
        const Outcome first = p.connect();
        REQUIRE(first.status == SIS_OK);
        CHECK_FALSE(first.doc->getValue<bool>("token_reused"));
        const Outcome second = p.connect();
        REQUIRE(second.status == SIS_OK);
        CHECK(second.doc->getValue<bool>("token_reused"));
        CHECK(f.sim->counters().token_requests == 1);
        CHECK(f.sim->counters().revoke_requests == 0);
        check_no_secret(second);
    }
    CHECK(f.sim->counters().revoke_requests == 1);
}

TEST_CASE("a token Veracross expired or revoked early is replaced once and connect still works") {
    SimFixture f;
    PluginInstance p(f.config("imports"));
    REQUIRE(p.connect().status == SIS_OK);
    f.sim->expire_tokens("demo");
    Outcome o = p.connect();
    INFO(o.json);
    CHECK(o.status == SIS_OK);
    CHECK(f.sim->counters().token_requests == 2);
    f.sim->revoke_all_tokens("demo");
    o = p.connect();
    CHECK(o.status == SIS_OK);
    CHECK(f.sim->counters().token_requests == 3);
    check_no_secret(o);
}

TEST_CASE("an unknown school route is not_found and names School Domain") {
    SimFixture f;
    PluginInstance p(f.config("imports", with("school_domain", "nosuchschool")));
    const Outcome o = p.connect();
    check_failure(o, SIS_NOT_FOUND, "unknown_school_route");
    CHECK_THAT(o.doc->getValue<std::string>("message"),
               Catch::Contains("nosuchschool") && Catch::Contains("School Domain"));
}

TEST_CASE("network failures are told apart: DNS, refused connection, timeout") {
    SimFixture f;
    SECTION("DNS") {
        PluginInstance p(f.config("imports", with("accounts_base_url", "https://veracross-sim.invalid")));
        const Outcome o = p.connect();
        check_failure(o, SIS_NETWORK, "dns");
        CHECK_THAT(o.doc->getValue<std::string>("message"), Catch::Contains("veracross-sim.invalid"));
    }
    SECTION("connection refused") {
        int port = 0;
        {
            Poco::Net::ServerSocket closed(Poco::Net::SocketAddress("127.0.0.1", 0));
            port = closed.address().port();
        }
        const std::string url = "https://127.0.0.1:" + std::to_string(port);
        PluginInstance p(f.config("imports", with("accounts_base_url", url)));
        const Outcome o = p.connect();
        check_failure(o, SIS_NETWORK, "connection_refused");
        CHECK_THAT(o.doc->getValue<std::string>("message"),
                   Catch::Contains("127.0.0.1:" + std::to_string(port)));
    }
    SECTION("timeout") {
        vcsim::Fault slow;
        slow.kind = vcsim::FaultKind::latency;
        slow.path = "oauth/token";
        slow.latency_ms = 2000;
        f.sim->add_fault(slow);
        PluginInstance p(f.config("imports", with("timeout_seconds", 0.3)));
        const Outcome o = p.connect();
        check_failure(o, SIS_NETWORK, "timeout");
        CHECK_THAT(o.doc->getValue<std::string>("message"), Catch::Contains("0.3 seconds"));
    }
    SECTION("dropped connection and truncated body") {
        for (auto kind : {vcsim::FaultKind::drop, vcsim::FaultKind::truncate}) {
            f.sim->clear_faults();
            vcsim::Fault fault;
            fault.kind = kind;
            fault.path = "oauth/token";
            f.sim->add_fault(fault);
            PluginInstance p(f.config("imports"));
            const Outcome o = p.connect();
            check_failure(o, SIS_NETWORK,
                          kind == vcsim::FaultKind::drop ? "connection_dropped" : "truncated_body");
        }
    }
}

TEST_CASE("TLS: an untrusted certificate and a wrong host name both fail, differently") {
    const std::string certs = vcsim::test_cert_dir();
    for (const auto &c : {std::make_pair("untrusted_server", "tls_untrusted_certificate"),
                          std::make_pair("wrong_host", "tls_wrong_host_name")}) {
        INFO(c.first);
        vcsim::Options options;
        options.certificate_file = certs + "/" + c.first + ".pem";
        options.private_key_file = certs + "/" + c.first + ".key";
        SimFixture f(options);
        PluginInstance p(f.config("imports"));
        const Outcome o = p.connect();
        check_failure(o, SIS_TLS, c.second);
        CHECK_THAT(o.doc->getValue<std::string>("message"), Catch::Contains("127.0.0.1"));
        CHECK(f.sim->counters().token_requests == 0); // nothing was sent
    }
}

TEST_CASE("a Veracross server error is remote_error with its error_id") {
    SimFixture f;
    vcsim::Fault fault;
    fault.kind = vcsim::FaultKind::status;
    fault.status = 503;
    fault.path = "oauth/token";
    f.sim->add_fault(fault);
    const Outcome token = PluginInstance(f.config("imports")).connect();
    check_failure(token, SIS_REMOTE_ERROR, "server_error");
    CHECK(token.doc->getValue<int>("http_status") == 503);

    f.sim->clear_faults();
    fault.status = 500;
    fault.path = "v3/students";
    f.sim->add_fault(fault);
    PluginInstance p(f.config("imports"));
    const Outcome o = p.connect();
    check_failure(o, SIS_REMOTE_ERROR, "server_error");
    CHECK(o.doc->getValue<int>("http_status") == 500);
    const std::string error_id = o.doc->optValue<std::string>("error_id", "");
    CHECK_FALSE(error_id.empty());
    CHECK_THAT(o.doc->getValue<std::string>("message"), Catch::Contains(error_id));
    CHECK_FALSE(check_named(o, "data:students")->getValue<bool>("ok"));
    // One resource failing leaves the others checked.
    CHECK(check_named(o, "data:academics/enrollments")->getValue<bool>("ok"));
}

TEST_CASE("an answer that is not JSON is remote_error, not a crash") {
    SimFixture f;
    for (const char *path : {"oauth/token", "v3/parents"}) {
        INFO(path);
        f.sim->clear_faults();
        vcsim::Fault fault;
        fault.kind = vcsim::FaultKind::invalid_json;
        fault.path = path;
        f.sim->add_fault(fault);
        PluginInstance p(f.config("imports"));
        const Outcome o = p.connect();
        check_failure(o, SIS_REMOTE_ERROR, "unexpected_body");
    }
}

TEST_CASE("the rate limit is rate_limited with the time it resets") {
    SimFixture f;
    f.sim->set_rate_limit({3, std::chrono::milliseconds(60'000)});
    PluginInstance p(f.config("imports"));
    const Outcome o = p.connect();
    check_failure(o, SIS_RATE_LIMITED, "rate_limited");
    CHECK_FALSE(o.doc->optValue<std::string>("retry_after", "").empty());
    CHECK(o.doc->getValue<Poco::Int64>("retry_at") > 1'000'000'000);
}

TEST_CASE("a cancelled connect stops with cancelled") {
    SimFixture f;
    PluginInstance p(f.config("imports"));
    p.cancel();
    const Outcome o = p.connect();
    check_failure(o, SIS_CANCELLED, "cancelled");
    CHECK(f.sim->counters().requests == 0);
}

TEST_CASE("sso: the discovery document is checked and the redirect URLs must be pickAtime's") {
    SimFixture f;
    SECTION("ok") {
        PluginInstance p(f.config("sso"));
        const Outcome o = p.connect();
        INFO(o.json);
        REQUIRE(o.status == SIS_OK);
        CHECK(check_named(o, "sso:discovery")->getValue<bool>("ok"));
        const auto redirect = check_named(o, "sso:redirect_urls");
        CHECK(redirect->getValue<bool>("ok"));
        CHECK_THAT(redirect->getValue<std::string>("message"),
                   Catch::Contains("https://pickatime.com/client") &&
                       Catch::Contains("https://www.pickatime.com/client"));
        CHECK(f.sim->counters().data_requests == 0);
        auto scopes = texts(o.doc->getArray("missing_scopes"));
        CHECK(scopes.empty());
        check_no_secret(o);
    }
    SECTION("a redirect URL that is not pickAtime's") {
        Poco::JSON::Array::Ptr urls = new Poco::JSON::Array;
        urls->add("https://pickatime.com/client");
        urls->add("https://evil.example.com/client");
        PluginInstance p(f.config("sso", with("sso_redirect_urls", urls)));
        const Outcome o = p.connect();
        check_failure(o, SIS_INVALID_CONFIG, "invalid_field");
        CHECK(o.doc->getValue<std::string>("field") == "sso_redirect_urls");
        CHECK_THAT(o.doc->getValue<std::string>("message"),
                   Catch::Contains("https://evil.example.com/client"));
        CHECK(check_named(o, "sso:discovery")->getValue<bool>("ok"));
    }
    SECTION("the sso scope not enabled") {
        f.set_scopes(import_scopes());
        PluginInstance p(f.config("imports_and_sso"));
        const Outcome o = p.connect();
        check_failure(o, SIS_MISSING_SCOPES, "missing_scopes");
        CHECK(texts(o.doc->getArray("missing_scopes")) == std::vector<std::string>{"sso"});
    }
}

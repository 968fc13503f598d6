// The YAML config of veracross-sim (config.cpp) and demo.yaml.
#include "config.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using Catch::Matchers::Contains;

TEST_CASE("config: every option, fault, school and override", "[config]") {
    const vcsim::SimConfig config = vcsim::parse_config(R"(
listen: {host: 127.0.0.1, http_port: 0, https_port: 8443}
tls: {certificate: certs/a.pem, private_key: /abs/a.key}
token_lifetime_seconds: 120
code_lifetime_seconds: 30
rate_limit: {limit: 10, window_seconds: 1.5}
latency_ms: 25
fault_seed: 42
log_requests: true
faults:
  - {kind: status, status: 503, count: 2, path: oauth/token}
  - {kind: trickle, route: demo, chunk_bytes: 8, pause_ms: 5, probability: 0.5}
schools:
  - route: demo
    seed: 3
    students: 80
    apps:
      - {client_id: 0123456789abcdef0123456789abcdef, enabled_scopes: [students:list, sso]}
      - client_id: fedcba9876543210fedcba9876543210
        client_secret: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc
        redirect_uris: [https://example.org/cb]
    users:
      - {sub: "77", preferred_username: jo, email: jo@example.org, roles: [Parent], person_id: 5}
  - {route: other}
)",
                                                        "/base");
    const vcsim::Options &o = config.options;
    CHECK(o.https_port == 8443);
    CHECK(o.certificate_file == "/base/certs/a.pem");
    CHECK(o.private_key_file == "/abs/a.key");
    CHECK(o.token_lifetime == std::chrono::seconds(120));
    CHECK(o.code_lifetime == std::chrono::seconds(30));
    CHECK(o.rate_limit.limit == 10);
    CHECK(o.rate_limit.window == std::chrono::milliseconds(1500));
    CHECK(o.latency == std::chrono::milliseconds(25));
    CHECK(o.fault_seed == 42);
    CHECK(o.log_requests);
    REQUIRE(o.faults.size() == 2);
    CHECK(o.faults[0].status == 503);
    CHECK(o.faults[0].count == 2);
    CHECK(o.faults[1].kind == vcsim::FaultKind::trickle);
    CHECK(o.faults[1].probability == 0.5);

    REQUIRE(config.schools.size() == 2);
    const vcsim::SchoolConfig &demo = config.schools[0];
    CHECK(demo.spec.route == "demo");
    CHECK(demo.spec.seed == 3);
    CHECK(demo.spec.students == 80);
    REQUIRE(demo.apps.size() == 2);
    CHECK(*demo.apps[0].client_id == "0123456789abcdef0123456789abcdef");
    CHECK_FALSE(demo.apps[0].client_secret);
    CHECK(demo.apps[0].enabled_scopes->count("sso"));
    CHECK(demo.apps[1].redirect_uris->at(0) == "https://example.org/cb");
    REQUIRE(demo.users.size() == 1);
    CHECK(demo.users[0].person_id == 5);
    CHECK(config.schools[1].spec.students == vcsim::SchoolSpec{}.students);
}

TEST_CASE("config: mistakes are errors that name them", "[config]") {
    CHECK_THROWS_WITH(vcsim::parse_config("schools: [{route: a}]\ntoken_lifetime: 5", ""),
                      Contains("unknown key 'token_lifetime'"));
    CHECK_THROWS_WITH(vcsim::parse_config("schools: [{route: a, pupils: 5}]", ""), Contains("pupils"));
    CHECK_THROWS_WITH(vcsim::parse_config("schools: []", ""), Contains("no schools"));
    CHECK_THROWS_WITH(vcsim::parse_config("schools: [{route: a}]\nfaults: [{kind: meteor}]", ""),
                      Contains("faults[0]: unknown fault kind: meteor"));
    CHECK_THROWS_WITH(vcsim::parse_config("schools: [{seed: 1}]", ""), Contains("needs a route"));
    CHECK_THROWS(vcsim::parse_config("schools: [{route: a}]\nlatency_ms: soon", ""));
    CHECK_THROWS_WITH(vcsim::load_config("/nonexistent/sim.yaml"), Contains("cannot read"));
}

TEST_CASE("config: demo.yaml loads and builds its schools with the overrides", "[config]") {
    const vcsim::SimConfig config = vcsim::load_config(VCSIM_SOURCE_DIR "/demo.yaml");
    REQUIRE_FALSE(config.schools.empty());
    const std::vector<vcsim::School> schools = vcsim::build_schools(config.schools);
    REQUIRE(schools.size() == config.schools.size());
    for (std::size_t i = 0; i < schools.size(); ++i) {
        CHECK(schools[i].route == config.schools[i].spec.route);
        CHECK_FALSE(schools[i].resources.empty());
        for (std::size_t a = 0; a < config.schools[i].apps.size(); ++a) {
            const auto &override = config.schools[i].apps[a];
            if (override.client_id) CHECK(schools[i].apps.at(a).client_id == *override.client_id);
            if (override.enabled_scopes) CHECK(schools[i].apps.at(a).enabled_scopes == *override.enabled_scopes);
        }
        for (const auto &user : config.schools[i].users)
            CHECK(std::any_of(schools[i].users.begin(), schools[i].users.end(),
                              [&](const vcsim::LoginUser &u) { return u.sub == user.sub && u.email == user.email; }));
    }
}

TEST_CASE("config: a new app needs its own id and secret", "[config]") {
    vcsim::SchoolConfig school;
    school.spec = {"demo", 1, 50};
    school.apps.resize(2); // the generator makes one app
    CHECK_THROWS_WITH(vcsim::build_schools({school}), Contains("needs client_id and client_secret"));
}

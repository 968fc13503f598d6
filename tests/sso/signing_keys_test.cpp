// Veracross's signing keys through discovery and the JWKS of the simulator:
// fetched once, kept, fetched again for an unknown kid, but not for every one.
#include "sso_fixture.hpp"
#include "oidc/oidc_discovery.hpp"
#include "oidc/sso_signing_keys.hpp"

#include <catch2/catch.hpp>

using namespace veracross;

TEST_CASE("signing keys: fetched once and kept, an unknown kid fetches once more, and a second one not within a minute") {
    sso_test::SsoFixture f("openid");
    const Config config = f.config();
    HttpSettings settings;
    settings.tls_ca_file = config.tls_ca_file;
    HttpClient http(settings);
    const HostServices host;
    const OidcDiscovery discovery = fetch_oidc_discovery(http, config, host);
    CHECK(discovery.issuer == config.accounts_base_url + "/" + config.school_route);

    const auto before = f.sim->counters().requests;
    const PublicKey only = find_signing_key(http, config, host, discovery, "");
    REQUIRE(only);
    CHECK(f.sim->counters().requests - before == 1); // the keys
    CHECK(find_signing_key(http, config, host, discovery, "") == only);
    CHECK(f.sim->counters().requests - before == 1);

    CHECK_FALSE(find_signing_key(http, config, host, discovery, "rotated-away"));
    CHECK(f.sim->counters().requests - before == 2);
    // Another unknown kid right after: no fetch (forged kids cannot make the plugin hammer Veracross).
    CHECK_FALSE(find_signing_key(http, config, host, discovery, "forged"));
    CHECK(f.sim->counters().requests - before == 2);
    CHECK(find_signing_key(http, config, host, discovery, "")); // the same key, fetched again
}

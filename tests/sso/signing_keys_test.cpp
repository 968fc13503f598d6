// Veracross's signing keys through discovery and the JWKS of the simulator:
// fetched once, kept, fetched again for an unknown kid.
#include "sso_fixture.hpp"
#include "oidc/sso_signing_keys.hpp"

#include <catch2/catch.hpp>

using namespace veracross;

TEST_CASE("signing keys: fetched through discovery once and kept, and an unknown kid fetches once more") {
    sso_test::SsoFixture f("openid");
    const Config config = f.config();
    HttpSettings settings;
    settings.tls_ca_file = config.tls_ca_file;
    HttpClient http(settings);
    const HostServices host;

    const auto before = f.sim->counters().requests;
    const PublicKey only = find_signing_key(http, config, host, "");
    REQUIRE(only);
    CHECK(f.sim->counters().requests - before == 2); // discovery, keys
    CHECK(find_signing_key(http, config, host, "") == only);
    CHECK(f.sim->counters().requests - before == 2);

    CHECK_FALSE(find_signing_key(http, config, host, "rotated-away"));
    CHECK(f.sim->counters().requests - before == 4);
}

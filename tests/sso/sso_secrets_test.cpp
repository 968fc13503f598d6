// No secret in anything the plugin says: every result, error and log line
// of whole logins (both scopes, and the failures that carry codes and
// tokens) is searched for every secret that crossed the wire, as a relay
// in front of the simulator saw them: the client secret, codes, PKCE
// verifiers, access, refresh and id tokens.
#include "recording_relay.hpp"
#include "sso_fixture.hpp"

#include <catch2/catch.hpp>

using namespace sso_test;

TEST_CASE("secrets scan: no code, token, secret or verifier in any result, error or log line") {
    for (const std::string scope : {"sso", "openid"}) {
        INFO("sso_scope " << scope);
        SsoFixture f(scope);
        RecordingRelay relay(f.sim->http_base_url());
        f.base_url = relay.base_url();

        const auto &user = f.school.users.front();
        const auto ok = f.login(user.sub, f.roster());
        INFO(ok.completed.json);
        CHECK(ok.completed.status == SIS_OK);
        // A replayed code, a forged state, a user not in the roster, a bad id_token.
        CHECK(f.complete(ok.landing.query, ok.begun.doc->getValue<std::string>("login_context")).status == SIS_AUTH_FAILED);
        auto forged = ok.landing.query;
        forged["state"] = "x";
        CHECK(f.complete(forged, ok.begun.doc->getValue<std::string>("login_context")).status == SIS_AUTH_FAILED);
        CHECK(f.login(kOutsider.sub, f.roster()).completed.status == SIS_NOT_FOUND);
        if (scope == "openid") {
            f.spoil_next_id_token(vcsim::FaultKind::id_token_wrong_key);
            CHECK(f.login(user.sub).completed.status == SIS_AUTH_FAILED);
        }

        const auto seen = relay.secrets();
        std::vector<std::string> secrets(seen.begin(), seen.end());
        const std::string client_secret = f.school.apps.at(0).client_secret;
        CHECK(seen.count(client_secret) == 1);
        CHECK(seen.count(ok.landing.query.at("code")) == 1);
        CHECK(secrets.size() >= (scope == "openid" ? 14u : 10u)); // codes, verifiers, tokens of each login
        f.check_no_secrets(secrets);
    }
}

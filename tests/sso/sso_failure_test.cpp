// Every way a login can fail, each with its own code and a message an admin
// or user can act on, end to end over HTTPS through the C ABI.
#include "sso/login_context.hpp"
#include "sso_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

using namespace sso_test;

namespace {

std::string context_of(const Outcome &begun) { return begun.doc->getValue<std::string>("login_context"); }
std::string url_of(const Outcome &begun) { return begun.doc->getValue<std::string>("authorization_url"); }

void check_error(const Outcome &o, sis_status status, const std::string &code) {
    INFO(o.json);
    CHECK(o.status == status);
    CHECK(o.code() == code);
    CHECK(o.doc->getValue<std::string>("status") == sis_status_name(status));
}

void check_id_token_refused(vcsim::FaultKind fault, const std::string &check) {
    SsoFixture f("openid");
    const auto begun = f.begin();
    REQUIRE(begun.status == SIS_OK);
    f.spoil_next_id_token(fault);
    const auto landing = open_authorization_url(url_of(begun), f.school.users.front().sub);
    const auto before = f.sim->counters();
    const auto o = f.complete(landing.query, context_of(begun));
    check_error(o, SIS_AUTH_FAILED, "id_token_invalid");
    CHECK(o.doc->getValue<std::string>("check") == check);
    CHECK_THAT(o.message(), Catch::Contains("failed the " + check + " check"));
    CHECK(f.sim->counters().revoke_requests - before.revoke_requests == 1); // the token is not kept either
}

} // namespace

TEST_CASE("a replayed code is refused: code_expired_or_used, start again") {
    SsoFixture f("sso");
    const auto first = f.login(f.school.users.front().sub);
    REQUIRE(first.completed.status == SIS_OK);
    const auto again = f.complete(first.landing.query, context_of(first.begun));
    check_error(again, SIS_AUTH_FAILED, "code_expired_or_used");
    CHECK_THAT(again.message(), Catch::Contains("start the login again") && Catch::Contains("10 minutes"));
}

TEST_CASE("a forged state is refused before the code is used") {
    SsoFixture f("sso");
    const auto begun = f.begin();
    auto landing = open_authorization_url(url_of(begun), f.school.users.front().sub);
    auto forged = landing.query;
    forged["state"] = "forged-" + forged["state"];
    const auto before = f.sim->counters();
    check_error(f.complete(forged, context_of(begun)), SIS_AUTH_FAILED, "state_mismatch");
    forged.erase("state");
    check_error(f.complete(forged, context_of(begun)), SIS_AUTH_FAILED, "state_mismatch");
    CHECK(f.sim->counters().token_requests == before.token_requests);
    // The code was not spent: the real callback still logs in.
    CHECK(f.complete(landing.query, context_of(begun)).status == SIS_OK);
}

TEST_CASE("a tampered login context is refused, as is one of another school's settings") {
    SsoFixture f("openid");
    const auto begun = f.begin();
    const auto landing = open_authorization_url(url_of(begun), f.school.users.front().sub);
    const std::string context = context_of(begun);
    for (std::size_t at : {std::size_t{0}, std::size_t{5}, context.size() / 2, context.size() - 1}) {
        std::string tampered = context;
        tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
        check_error(f.complete(landing.query, tampered), SIS_AUTH_FAILED, "login_context_invalid");
    }
    check_error(f.complete(landing.query, context.substr(0, context.size() - 4)), SIS_AUTH_FAILED,
                "login_context_invalid");
    check_error(f.complete(landing.query, "not a context"), SIS_AUTH_FAILED, "login_context_invalid");

    Poco::JSON::Object other;
    other.set("client_secret", std::string(64, 'e'));
    const auto other_settings = veracross::parse_config(f.config_json(other));
    veracross::LoginContext sealed_elsewhere =
        veracross::open_login_context(f.config(), context, std::chrono::system_clock::now());
    check_error(f.complete(landing.query, veracross::seal_login_context(other_settings, sealed_elsewhere)),
                SIS_AUTH_FAILED, "login_context_invalid");
    CHECK(f.complete(landing.query, context).status == SIS_OK);
}

TEST_CASE("a login context older than 10 minutes has expired") {
    SsoFixture f("sso");
    const auto begun = f.begin();
    const auto landing = open_authorization_url(url_of(begun), f.school.users.front().sub);
    auto context = veracross::open_login_context(f.config(), context_of(begun), std::chrono::system_clock::now());
    context.created_at -= 601;
    const auto o = f.complete(landing.query, veracross::seal_login_context(f.config(), context));
    check_error(o, SIS_AUTH_FAILED, "login_context_expired");
    CHECK_THAT(o.message(), Catch::Contains("10 minutes") && Catch::Contains("start the login again"));
}

TEST_CASE("an id_token signed with a key Veracross does not publish fails the signature check") {
    check_id_token_refused(vcsim::FaultKind::id_token_wrong_key, "signature");
}

TEST_CASE("an expired id_token fails the expired check") {
    check_id_token_refused(vcsim::FaultKind::id_token_expired, "expired");
}

TEST_CASE("an id_token for another application fails the audience check") {
    check_id_token_refused(vcsim::FaultKind::id_token_wrong_audience, "audience");
}

TEST_CASE("a redirect URL that is not pickAtime's, or not the school's, is refused naming the allowed ones") {
    SsoFixture f("sso");
    const auto o = f.begin("https://evil.example/client");
    check_error(o, SIS_INVALID_CONFIG, "redirect_url_not_allowed");
    CHECK(o.doc->getValue<std::string>("field") == "redirect_url");
    CHECK(o.doc->getArray("allowed_redirect_urls")->size() == 2);
    CHECK_THAT(o.message(), Catch::Contains("https://pickatime.com/client") &&
                                Catch::Contains("https://www.pickatime.com/client") &&
                                Catch::Contains("step 7") && Catch::Contains("OAuth Applications"));
    check_error(f.begin("https://pickatime.com/client/"), SIS_INVALID_CONFIG, "redirect_url_not_allowed");

    SsoFixture narrow("sso");
    Poco::JSON::Object only_www;
    Poco::JSON::Array urls;
    urls.add("https://www.pickatime.com/client");
    only_www.set("sso_redirect_urls", urls);
    const auto config = narrow.config_json(only_www);
    sis_host::CallResult error;
    auto instance = sis_host::Instance::create(
        sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml")).plugin, config, nullptr,
        error);
    REQUIRE(instance);
    const auto refused = instance->sso(R"({"action":"begin","redirect_url":"https://pickatime.com/client"})");
    CHECK(refused.status == SIS_INVALID_CONFIG);
    CHECK_THAT(refused.json, Catch::Contains("redirect_url_not_allowed") &&
                                 Catch::Contains("use https://www.pickatime.com/client)"));
    CHECK(instance->sso(R"({"action":"begin","redirect_url":"https://www.pickatime.com/client"})").ok());
}

TEST_CASE("a redirect URL the school's config lists but pickAtime does not own is refused") {
    SsoFixture f("sso");
    Poco::JSON::Object with_foreign;
    Poco::JSON::Array urls;
    urls.add("https://pickatime.com/client");
    urls.add("https://evil.example/client");
    with_foreign.set("sso_redirect_urls", urls);
    sis_host::CallResult error;
    auto instance = sis_host::Instance::create(
        sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml")).plugin,
        f.config_json(with_foreign), nullptr, error);
    REQUIRE(instance);
    const auto refused = instance->sso(R"({"action":"begin","redirect_url":"https://evil.example/client"})");
    CHECK(refused.status == SIS_INVALID_CONFIG);
    CHECK_THAT(refused.json, Catch::Contains("redirect_url_not_allowed") &&
                                 Catch::Contains("use https://pickatime.com/client)"));
    CHECK_THAT(refused.json, !Catch::Contains("authorization_url"));
    CHECK(instance->sso(R"({"action":"begin","redirect_url":"https://pickatime.com/client"})").ok());
}

TEST_CASE("the user cancelling at Veracross is its own error") {
    SsoFixture f("sso");
    const auto begun = f.begin();
    const auto state = veracross::open_login_context(f.config(), context_of(begun), std::chrono::system_clock::now()).state;
    const auto o = f.complete({{"error", "access_denied"}, {"error_description", "The resource owner denied"},
                               {"state", state}},
                              context_of(begun));
    check_error(o, SIS_AUTH_FAILED, "login_cancelled");
    const auto other = f.complete({{"error", "server_error"}, {"state", state}}, context_of(begun));
    check_error(other, SIS_AUTH_FAILED, "login_refused");
    CHECK_THAT(other.message(), Catch::Contains("server_error"));
}

TEST_CASE("the SSO scope not enabled on the application stops begin, before the user sees Veracross's error") {
    for (const std::string scope : {"sso", "openid"}) {
        SsoFixture f(scope);
        auto scopes = f.school.apps.at(0).enabled_scopes;
        scopes.erase(scope);
        f.sim->set_app_scopes(f.school.route, f.school.apps.at(0).client_id, scopes);
        const auto o = f.begin();
        check_error(o, SIS_MISSING_SCOPES, "sso_scope_not_enabled");
        CHECK(o.doc->getArray("missing_scopes")->getElement<std::string>(0) == scope);
        CHECK_THAT(o.message(), Catch::Contains("'" + scope + "' scope") && Catch::Contains("OAuth Applications"));
        // Veracross itself would only show the user an error page:
        const auto page = open_authorization_url(
            f.sim->https_base_url() + "/demo/oauth/authorize?response_type=code&client_id=" +
                f.school.apps.at(0).client_id + "&redirect_uri=https%3A%2F%2Fpickatime.com%2Fclient&scope=" + scope,
            f.school.users.front().sub);
        CHECK(page.status == 200);
        CHECK_THAT(page.body, Catch::Contains("A requested scope isn&#39;t authorized for this application."));
    }
}

TEST_CASE("a missing import scope does not stop SSO logins") {
    SsoFixture f("sso");
    auto scopes = f.school.apps.at(0).enabled_scopes;
    scopes.erase("parents:list");
    f.sim->set_app_scopes(f.school.route, f.school.apps.at(0).client_id, scopes);
    CHECK(f.login(f.school.users.front().sub).completed.status == SIS_OK);
}

TEST_CASE("a Veracross user who is not in the event's roster is its own error, with the identity") {
    SsoFixture f("openid");
    const auto login = f.login(kOutsider.preferred_username, f.roster());
    check_error(login.completed, SIS_NOT_FOUND, "user_not_in_roster");
    const auto identity = login.completed.doc->getObject("identity");
    REQUIRE(identity);
    CHECK(identity->getValue<std::string>("id") == "demo:" + kOutsider.sub);
    CHECK_THAT(login.completed.message(), Catch::Contains(kOutsider.email) && Catch::Contains("import the event again"));
}

TEST_CASE("sso on an instance whose integration type has no SSO, and malformed requests") {
    SsoFixture f("sso");
    Poco::JSON::Object imports_only;
    imports_only.set("integration_type", "imports");
    sis_host::CallResult error;
    auto instance = sis_host::Instance::create(
        sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml")).plugin,
        f.config_json(imports_only), nullptr, error);
    REQUIRE(instance);
    const auto refused = instance->sso(R"({"action":"begin","redirect_url":"https://pickatime.com/client"})");
    CHECK(refused.status == SIS_INVALID_CONFIG);
    CHECK_THAT(refused.json, Catch::Contains("integration_type") && Catch::Contains("imports_and_sso"));

    Poco::JSON::Object unknown;
    unknown.set("action", "finish");
    check_error(f.sso(unknown), SIS_INVALID_CONFIG, "invalid_field");
    Poco::JSON::Object no_redirect;
    no_redirect.set("action", "begin");
    check_error(f.sso(no_redirect), SIS_INVALID_CONFIG, "invalid_field");
    const auto begun = f.begin();
    check_error(f.complete({}, context_of(begun)), SIS_INVALID_CONFIG, "invalid_field");
    for (const std::string &bad : {std::string("not json"), std::string("[]"), std::string(R"({"action":42})"),
                                   std::string(100000, '[')})
        check_error(f.sso_text(bad), SIS_INVALID_CONFIG, bad == R"({"action":42})" ? "invalid_field" : "invalid_json");
}

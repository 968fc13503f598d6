// The Authorization API against Simulator contract B and details doc section 1.
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <regex>

using namespace simtest;

namespace {

const std::string kAllScopes = "students:list students:read academics.classes:list";

Fields credentials(const std::string &scope = "students:list") {
    return {{"grant_type", "client_credentials"}, {"client_id", kClientId}, {"client_secret", kSecret}, {"scope", scope}};
}

bool is_uuid(const std::string &text) {
    return std::regex_match(text, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
}

void check_oauth_error(const Response &r, int status, const std::string &error, const std::string &description) {
    INFO(r.body);
    CHECK(r.status == status);
    auto body = r.json();
    CHECK(body->getValue<std::string>("error") == error);
    CHECK(body->getValue<std::string>("error_description") == description);
    CHECK(is_uuid(body->getValue<std::string>("error_id")));
}

const char *const kInvalidClient = "The requested client id is unknown or unauthorized.";

} // namespace

TEST_CASE("token: client credentials grant answers the documented shape", "[auth]") {
    auto sim = start_simulator();
    const auto before = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    Response r = post_form(sim->https_base_url(), "/demo/oauth/token", credentials(kAllScopes));
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
    CHECK(r.header("Cache-Control") == "no-store");
    auto body = r.json();
    CHECK(std::regex_match(body->getValue<std::string>("access_token"), std::regex("[0-9a-f]{64}")));
    CHECK(body->getValue<std::string>("token_type") == "Bearer");
    CHECK(body->getValue<int>("expires_in") == 3600);
    CHECK(body->getValue<std::string>("scope") == kAllScopes); // request order
    CHECK(body->getValue<std::int64_t>("created_at") >= before);
    CHECK_FALSE(body->has("refresh_token"));
    CHECK_FALSE(body->has("id_token"));
    CHECK(sim->counters().token_requests == 1);
}

TEST_CASE("token: scopes may be joined with + or %20, and an empty scope gives an empty grant", "[auth]") {
    auto sim = start_simulator();
    Call call;
    call.method = "POST";
    call.path = "/demo/oauth/token";
    call.content_type = "application/x-www-form-urlencoded";
    call.body = "grant_type=client_credentials&client_id=" + kClientId + "&client_secret=" + kSecret +
                "&scope=students:list+students:read%20academics.classes:list";
    Response r = send(sim->http_base_url(), call);
    REQUIRE(r.status == 200);
    CHECK(r.json()->getValue<std::string>("scope") == kAllScopes);

    Response empty = post_form(sim->http_base_url(), "/demo/oauth/token", credentials(""));
    REQUIRE(empty.status == 200);
    CHECK(empty.json()->getValue<std::string>("scope").empty());
}

TEST_CASE("token: anything but a form body is 415 with {}", "[auth]") {
    auto sim = start_simulator();
    Call call;
    call.method = "POST";
    call.path = "/demo/oauth/token";
    call.content_type = "application/json";
    call.body = R"({"grant_type":"client_credentials"})";
    Response r = send(sim->http_base_url(), call);
    CHECK(r.status == 415);
    CHECK(r.body == "{}");

    call.content_type = "";
    CHECK(send(sim->http_base_url(), call).status == 415);
    call.content_type = "application/x-www-form-urlencoded; charset=UTF-8";
    call.body = form_encode(credentials());
    CHECK(send(sim->http_base_url(), call).status == 200);
}

TEST_CASE("token: a missing parameter is invalid_request naming it", "[auth]") {
    auto sim = start_simulator();
    for (const std::string missing : {"grant_type", "client_id", "client_secret"}) {
        Fields form;
        for (const auto &field : credentials())
            if (field.first != missing) form.push_back(field);
        check_oauth_error(post_form(sim->http_base_url(), "/demo/oauth/token", form), 400, "invalid_request",
                          "Missing required parameter: " + missing + ".");
    }
}

TEST_CASE("token: bad client credentials are 401 invalid_client", "[auth]") {
    auto sim = start_simulator();
    auto with = [](std::string id, std::string secret) {
        return Fields{{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}};
    };
    const auto base = sim->http_base_url();
    check_oauth_error(post_form(base, "/demo/oauth/token", with("00000000000000000000000000000000", kSecret)), 401,
                      "invalid_client", kInvalidClient);
    check_oauth_error(post_form(base, "/demo/oauth/token", with(kClientId, kLimitedSecret)), 401, "invalid_client",
                      kInvalidClient);
    // The app exists at "other" only with its own secret; an unknown route has no apps at all.
    vcsim::School other = make_school("other");
    other.apps[0].client_secret = std::string(64, 'e');
    auto sim2 = start_simulator({}, {make_school("demo"), other});
    check_oauth_error(post_form(sim2->http_base_url(), "/other/oauth/token", with(kClientId, kSecret)), 401,
                      "invalid_client", kInvalidClient);
    check_oauth_error(post_form(base, "/nowhere/oauth/token", with(kClientId, kSecret)), 401, "invalid_client",
                      kInvalidClient);
}

TEST_CASE("token: an unknown grant type is unsupported_grant_type", "[auth]") {
    auto sim = start_simulator();
    Fields form = credentials();
    form[0].second = "password";
    check_oauth_error(post_form(sim->http_base_url(), "/demo/oauth/token", form), 400, "unsupported_grant_type",
                      "The authorization grant type is not supported by the authorization server.");
}

TEST_CASE("token: a scope not enabled on the app is 400 invalid_scope", "[auth]") {
    auto sim = start_simulator();
    check_oauth_error(post_form(sim->http_base_url(), "/demo/oauth/token", credentials("students:list parents:list")),
                      400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");
    // Enabling it on the app makes the same request work.
    sim->set_app_scopes("demo", kClientId, {"students:list", "parents:list"});
    CHECK(post_form(sim->http_base_url(), "/demo/oauth/token", credentials("students:list parents:list")).status ==
          200);
    CHECK_THROWS(sim->set_app_scopes("demo", "nope", {}));
}

TEST_CASE("token: the lifetime is configurable", "[auth]") {
    vcsim::Options options;
    options.token_lifetime = std::chrono::seconds(120);
    auto sim = start_simulator(options);
    Response r = post_form(sim->http_base_url(), "/demo/oauth/token", credentials());
    CHECK(r.json()->getValue<int>("expires_in") == 120);
    sim->set_token_lifetime(std::chrono::seconds(5));
    r = post_form(sim->http_base_url(), "/demo/oauth/token", credentials());
    CHECK(r.json()->getValue<int>("expires_in") == 5);
}

TEST_CASE("token: the 11th active token of an app revokes the oldest", "[auth]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    std::vector<std::string> tokens;
    for (int i = 0; i < 11; ++i) tokens.push_back(fetch_token(base, "students:list"));

    Response oldest = get_data(base, "/demo/v3/students", tokens[0]);
    CHECK(oldest.status == 401);
    CHECK(oldest.json()->getValue<std::string>("error") == "The provided access token has been revoked");
    for (int i = 1; i < 11; ++i) CHECK(get_data(base, "/demo/v3/students", tokens[i]).status == 200);
    // Another application has its own ten.
    const std::string limited = fetch_token(base, "students:list", "demo", kLimitedClientId, kLimitedSecret);
    CHECK(get_data(base, "/demo/v3/students", limited).status == 200);
    CHECK(get_data(base, "/demo/v3/students", tokens[1]).status == 200);
    // A token that is already revoked does not count.
    sim->revoke_all_tokens("demo");
    for (int i = 0; i < 10; ++i) tokens[i] = fetch_token(base, "students:list");
    CHECK(get_data(base, "/demo/v3/students", tokens[0]).status == 200);
}

TEST_CASE("revoke: revokes a token of the client, 200 {} even for unknown tokens", "[auth]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    const std::string token = fetch_token(base, "students:list");
    Fields form{{"client_id", kClientId}, {"client_secret", kSecret}, {"token", token}};
    Response r = post_form(base, "/demo/oauth/revoke", form);
    CHECK(r.status == 200);
    CHECK(r.body == "{}");
    CHECK(get_data(base, "/demo/v3/students", token).json()->getValue<std::string>("error") ==
          "The provided access token has been revoked");
    form[2].second = "not-a-token";
    CHECK(post_form(base, "/demo/oauth/revoke", form).status == 200);
    form[1].second = "wrong";
    check_oauth_error(post_form(base, "/demo/oauth/revoke", form), 401, "invalid_client", kInvalidClient);
    CHECK(sim->counters().revoke_requests == 3);
}

TEST_CASE("introspect: active tokens with their claims, others inactive", "[auth]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    const std::string token = fetch_token(base, "students:list students:read");
    Fields form{{"client_id", kClientId}, {"client_secret", kSecret}, {"token", token}};
    auto body = post_form(base, "/demo/oauth/introspect", form).json();
    CHECK(body->getValue<bool>("active"));
    CHECK(body->getValue<std::string>("scope") == "students:list students:read");
    CHECK(body->getValue<std::string>("client_id") == kClientId);
    CHECK(body->getValue<std::string>("token_type") == "Bearer");
    CHECK(body->getValue<std::int64_t>("exp") - body->getValue<std::int64_t>("iat") == 3600);

    sim->expire_tokens("demo");
    body = post_form(base, "/demo/oauth/introspect", form).json();
    CHECK_FALSE(body->getValue<bool>("active"));
    CHECK(body->size() == 1);
    form[1].second = "wrong";
    check_oauth_error(post_form(base, "/demo/oauth/introspect", form), 401, "invalid_client", kInvalidClient);
}

TEST_CASE("token: only POST", "[auth]") {
    auto sim = start_simulator();
    Response r = get(sim->http_base_url(), "/demo/oauth/token");
    CHECK(r.status == 405);
    CHECK(r.json()->getValue<std::string>("error") == "Request Method Not Allowed");
}

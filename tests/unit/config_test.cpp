// What an admin pastes as School Domain, and every other config field.
#include "config/config.hpp"
#include "common/plugin_error.hpp"

#include <catch2/catch.hpp>

using veracross::normalise_school_domain;
using veracross::parse_config;
using veracross::PluginError;

TEST_CASE("school_domain accepts what admins paste") {
    const std::pair<const char *, const char *> table[] = {
        {"myschool", "myschool"},
        {"MySchool", "myschool"},
        {"  myschool \n", "myschool"},
        {"avenues_shenzhen", "avenues_shenzhen"},
        {"api-sandbox", "api-sandbox"},
        {"https://axiom.veracross.com/myschool/", "myschool"},
        {"https://axiom.veracross.com/myschool/#/detail/123", "myschool"},
        {"accounts.veracross.com/myschool", "myschool"},
        {"https://accounts.veracross.com/MySchool/oauth/token", "myschool"},
        {"https://portals.veracross.com/myschool/parent", "myschool"},
        {"https://portals-app.veracross.com/myschool/student/planner", "myschool"},
        {"http://api.veracross.com/myschool/v3/students", "myschool"},
    };
    for (const auto &row : table) {
        INFO(row.first);
        CHECK(normalise_school_domain(row.first) == row.second);
    }
}

TEST_CASE("school_domain refuses anything else, showing the expected form") {
    for (const char *bad : {"", "my school", "https://evil.example.com/myschool",
                            "https://veracross.com.evil.net/x", "https://axiom.veracross.com/",
                            "ftp://axiom.veracross.com/myschool", "myschool/../x", "ключ"}) {
        INFO(bad);
        try {
            normalise_school_domain(bad);
            FAIL("accepted");
        } catch (const PluginError &e) {
            CHECK(e.status() == veracross::Status::invalid_config);
            CHECK_THAT(e.what(), Catch::StartsWith("school_domain") &&
                                     Catch::Contains("https://axiom.veracross.com/myschool/"));
        }
    }
}

TEST_CASE("config defaults and overrides") {
    auto c = parse_config(R"({"school_domain":"Demo","client_id":"id","client_secret":"x","integration_type":"imports_and_sso"})");
    CHECK(c.school_route == "demo");
    CHECK(c.accounts_base_url == "https://accounts.veracross.com");
    CHECK(c.api_base_url == "https://api.veracross.com");
    CHECK(c.timeout_seconds == 30);
    CHECK(c.max_requests_in_flight == 8);
    CHECK(c.sso_redirect_urls.size() == 2);
    CHECK(c.sso_match == "email"); // Veracross's preferred_username is display-only

    auto o = parse_config(R"({"school_domain":"demo","client_id":"id","client_secret":"x","integration_type":"sso",
        "accounts_base_url":"https://127.0.0.1:8443/","api_base_url":"http://127.0.0.1:8080","timeout_seconds":2.5,
        "sso_scope":"openid","sso_redirect_urls":["https://pickatime.com/client"],"sso_match":"email_or_username",
        "max_requests_in_flight":3})");
    CHECK(o.accounts_base_url == "https://127.0.0.1:8443");
    CHECK(o.api_base_url == "http://127.0.0.1:8080");
    CHECK(o.timeout_seconds == 2.5);
    CHECK(o.sso_scope == "openid");
    CHECK(o.sso_redirect_urls.size() == 1);
    CHECK(o.sso_match == "email_or_username");
    CHECK(o.max_requests_in_flight == 3);
}

TEST_CASE("every config field error names the field") {
    const std::string base = R"("school_domain":"demo","client_id":"id","client_secret":"x","integration_type":"imports")";
    const std::pair<std::string, const char *> table[] = {
        {R"("accounts_base_url":"gopher://x")", "accounts_base_url"},
        {R"("api_base_url":"not a url")", "api_base_url"},
        {R"("timeout_seconds":0)", "timeout_seconds"},
        {R"("timeout_seconds":"5")", "timeout_seconds"},
        {R"("tls_ca_file":"/nonexistent/ca.pem")", "tls_ca_file"},
        {R"("sso_scope":"email")", "sso_scope"},
        {R"("sso_match":"username")", "sso_match"},
        {R"("sso_redirect_urls":"https://x")", "sso_redirect_urls"},
        {R"("client_id":"a b")", "client_id"},
        {R"("max_requests_in_flight":0)", "max_requests_in_flight"},
        {R"("max_requests_in_flight":17)", "max_requests_in_flight"},
        {R"("max_requests_in_flight":2.5)", "max_requests_in_flight"},
        {R"("max_requests_in_flight":"4")", "max_requests_in_flight"},
        {R"("max_requests_in_flight":1e300)", "max_requests_in_flight"},
    };
    for (const auto &row : table) {
        std::string json = "{" + base + "," + row.first + "}";
        // a repeated key replaces the earlier one in Poco's parser
        INFO(json);
        try {
            parse_config(json);
            FAIL("accepted");
        } catch (const PluginError &e) {
            CHECK_THAT(e.what(), Catch::StartsWith(row.second));
            REQUIRE(e.details());
            CHECK(e.details()->getValue<std::string>("field") == row.second);
        }
    }
}

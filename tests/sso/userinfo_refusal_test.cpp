// A userinfo 403 claims a missing scope only when the provider named it
// (issue 17: a standard provider's "access token missing openid scope" was
// reported as the sso scope missing from the OAuth application).
#include "common/plugin_error.hpp"
#include "sso/sso_errors.hpp"

#include <catch2/catch.hpp>

using namespace veracross;

TEST_CASE("userinfo 403: sso named as missing is the application's missing sso scope") {
    const PluginError e = userinfo_refused("insufficient_scope", "Access to this resource requires scope \"sso\".", "openid");
    CHECK(e.status() == Status::missing_scopes);
    CHECK(e.code() == "sso_scope_not_enabled");
}

TEST_CASE("userinfo 403: openid named as missing on an sso login says to enable openid, not that sso is missing") {
    const PluginError e = userinfo_refused("insufficient_scope", "openid access token missing openid scope", "sso");
    CHECK(e.status() == Status::invalid_config);
    CHECK(e.code() == "userinfo_needs_openid");
    CHECK_THAT(e.what(), Catch::Contains("'openid'") && !Catch::Contains("does not have the 'sso'"));
}

TEST_CASE("userinfo 403 naming no scope (or only a scope the login had) claims none missing") {
    for (const auto &[named, granted] : std::vector<std::pair<std::string, std::string>>{
             {"", "sso"}, {"ssologin required", "sso"}, {"openid", "sso openid"}, {"sso", "sso"}}) {
        INFO(named << " / " << granted);
        const PluginError e = userinfo_refused("insufficient_scope", named, granted);
        CHECK(e.status() == Status::remote_error);
        CHECK(e.code() == "userinfo_refused");
        CHECK_THAT(e.what(), Catch::Contains("insufficient_scope") && Catch::Contains("'" + granted + "'"));
    }
}

// The config JSON of `create` (veracross_plugin/src/config/config.cpp): any text
// gives a checked Config or PluginError(veracross::Status::invalid_config) that never
// echoes the client secret.
#include "fuzz_support.hpp"

#include "config/config.hpp"
#include "common/plugin_error.hpp"

namespace {

// `marked`: the client secret is the marker, which no error may show.
void parse(const std::string &json, bool marked) {
    try {
        const veracross::Config c = veracross::parse_config(json);
        if (c.school_route.empty() || c.client_id.empty() || c.client_secret.empty() || c.integration_type.empty())
            fuzz::broken("a config that parses has every required field");
        if (!(c.timeout_seconds >= 0.1 && c.timeout_seconds <= 600)) fuzz::broken("timeout_seconds is in range");
        if (c.sso_scope != "sso" && c.sso_scope != "openid") fuzz::broken("sso_scope is sso or openid");
    } catch (const veracross::PluginError &e) {
        if (e.status() != veracross::Status::invalid_config) fuzz::broken("config errors are SIS_INVALID_CONFIG");
        if (marked) fuzz::expect_no_secret("a config error", fuzz::error_text(e));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string json = fuzz::text(data, size);
    parse(json, false);
    // Once more with a client secret that would show if an error quoted it.
    if (const auto marked = fuzz::with_secret_marker(json, "client_secret")) parse(*marked, true);
    return 0;
}

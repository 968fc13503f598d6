// One school connection: what an ABI instance is. Each operation lives in
// its own file; this class only holds what they share: the settings, the
// host's callbacks, one HTTP client (connection pool), one token provider
// (the cached access token) and the Data API helper on top of both.
#pragma once

#include "config/config.hpp"
#include "fetch/data_api.hpp"
#include "common/host_services.hpp"
#include "http/http_client.hpp"
#include "auth/token_provider.hpp"

#include <atomic>
#include <string>

namespace veracross {

class SchoolConnection {
public:
    // Throws PluginError(Status::invalid_config) when tls_ca_file is unusable.
    SchoolConnection(Config config, HostServices host);
    SchoolConnection(const SchoolConnection &) = delete;
    SchoolConnection &operator=(const SchoolConnection &) = delete;

    // Each returns the result JSON or throws PluginError.
    std::string connect();
    std::string list_scopes(const std::string &request_json);
    std::string import_event(const std::string &event_json);
    std::string sso(const std::string &request_json);

    // The host cancelled (any thread): I/O in flight is cut and new requests
    // are refused until resume(), which the ABI calls when the call returns.
    void interrupt() { http_.interrupt(); }
    void resume() { http_.resume(); }

    const Config &config() const { return config_; }
    const HostServices &host() const { return host_; }
    HttpClient &http() { return http_; }
    TokenProvider &tokens() { return tokens_; }
    DataApi &data_api() { return data_api_; }
    // X-Rate-Limit-Limit as the last import's answers said (0: not seen):
    // the next import's fresh token may start that many requests at once.
    long rate_limit_seen() const { return rate_limit_seen_.load(); }
    void saw_rate_limit(long limit) {
        if (limit > 0) rate_limit_seen_.store(limit);
    }

private:
    // Declaration order is construction order: each uses the ones above it.
    const Config config_;
    const HostServices host_;
    HttpClient http_;
    TokenProvider tokens_;
    DataApi data_api_;
    std::atomic<long> rate_limit_seen_{0};
};

} // namespace veracross

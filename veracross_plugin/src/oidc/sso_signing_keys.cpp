#include "oidc/sso_signing_keys.hpp"

#include "oidc/oidc_discovery.hpp"
#include "http/remote_response.hpp"
#include "http/retry.hpp"

#include <Poco/URI.h>

#include <chrono>
#include <map>
#include <mutex>

namespace veracross {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kKeepKeysFor = std::chrono::hours(1);

struct KeptKeys {
    KeySet keys;
    Clock::time_point fetched_at;
};

std::mutex kept_mutex;
std::map<std::string, KeptKeys> &kept_keys() {
    static std::map<std::string, KeptKeys> kept; // by keep_key()
    return kept;
}

std::string keep_key(const Config &config) {
    return config.accounts_base_url + "/" + config.school_route + "\n" + config.tls_ca_file;
}

// Discovery and JWKS are idempotent GETs: worth a retry or two mid-login.
RetryPolicy fetch_policy() {
    RetryPolicy p;
    p.max_attempts = 3;
    return p;
}

PluginError bad_keys(const std::string &problem) {
    return PluginError(Status::remote_error, "bad_signing_keys",
                       "Veracross's published id_token signing keys " + problem +
                           ", so no OpenID Connect login can be checked. Try again later; if it persists, "
                           "contact Veracross support (or use sso_scope: sso meanwhile).");
}

KeySet fetch_keys(HttpClient &http, const Config &config, const HostServices &host) {
    return with_retries(fetch_policy(), host, [&] {
        const OidcDiscovery discovery = fetch_oidc_discovery(http, config, host);
        if (discovery.jwks_uri.empty()) throw bad_keys("are not listed in the discovery document (no jwks_uri)");
        const Poco::URI accounts(config.accounts_base_url), jwks(discovery.jwks_uri);
        if (jwks.getScheme() != accounts.getScheme() || jwks.getHost() != accounts.getHost())
            throw bad_keys("are on another server than " + accounts.getHost());

        HttpRequest r;
        r.url = discovery.jwks_uri;
        r.headers = {{"Accept", "application/json"}};
        host.log(LogLevel::debug, "GET " + jwks.getPath());
        const HttpResponse response = http.send(r);
        const std::string what = "Veracross's id_token signing keys (" + server_name(r.url) + ")";
        if (response.status != 200) throw unexpected_answer(response, what);
        KeySet keys = parse_jwks(*json_object_body(response, what));
        if (keys.empty()) throw bad_keys("hold no RSA key of at least 2048 bits for RS256");
        return keys;
    });
}

PublicKey pick(const KeySet &keys, const std::string &kid) {
    if (kid.empty()) return keys.size() == 1 ? keys.begin()->second : nullptr;
    const auto found = keys.find(kid);
    return found == keys.end() ? nullptr : found->second;
}

} // namespace

PublicKey find_signing_key(HttpClient &http, const Config &config, const HostServices &host, const std::string &kid) {
    const std::string id = keep_key(config);
    {
        std::lock_guard<std::mutex> lock(kept_mutex);
        const auto kept = kept_keys().find(id);
        if (kept != kept_keys().end() && Clock::now() - kept->second.fetched_at < kKeepKeysFor)
            if (PublicKey key = pick(kept->second.keys, kid)) return key;
    }
    // Not kept, too old, or an unknown kid: fetch once (outside the lock: other schools go on).
    KeySet keys = fetch_keys(http, config, host);
    PublicKey key = pick(keys, kid);
    std::lock_guard<std::mutex> lock(kept_mutex);
    kept_keys()[id] = KeptKeys{std::move(keys), Clock::now()};
    return key;
}

} // namespace veracross

#include "oidc/sso_signing_keys.hpp"

#include "oidc/oidc_discovery.hpp"
#include "http/remote_response.hpp"
#include "http/retry.hpp"

#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>

#include <chrono>
#include <map>
#include <mutex>

namespace veracross {
namespace {

using Clock = std::chrono::steady_clock;
// Keys are fetched again at least this often, so a key the provider
// withdrew stops being trusted within this time...
constexpr auto kKeepKeysAtMost = std::chrono::minutes(10);
// ...or sooner when the JWKS answer's Cache-Control says so, but not sooner
// than this (no-store or max-age=0 must not mean a fetch for every login).
constexpr auto kKeepKeysAtLeast = std::chrono::seconds(1);
// An id_token naming a kid we do not have makes a fetch, but only one in
// this time: unknown kids (forged, or a provider in mid-rotation) cannot make
// the plugin hammer the provider.
constexpr auto kUnknownKidPause = std::chrono::seconds(60);

struct KeptKeys {
    KeySet keys;
    Clock::time_point fetched_at;
    Clock::duration fresh_for = kKeepKeysAtMost;
    Clock::time_point unknown_kid_fetch_at; // the last fetch an unknown kid made; epoch: none
};

std::mutex kept_mutex;
std::map<std::string, KeptKeys> &kept_keys() {
    static std::map<std::string, KeptKeys> kept; // by keep_key()
    return kept;
}

std::string keep_key(const Config &config) {
    return config.accounts_base_url + "/" + config.school_route + "\n" + config.tls_ca_file;
}

// How long the JWKS answer may be kept: its Cache-Control max-age, within
// [kKeepKeysAtLeast, kKeepKeysAtMost]; no-store / no-cache: the least.
Clock::duration freshness(const std::string &cache_control) {
    const std::string cc = Poco::toLower(cache_control);
    if (cc.find("no-store") != std::string::npos || cc.find("no-cache") != std::string::npos) return kKeepKeysAtLeast;
    const auto at = cc.find("max-age=");
    if (at == std::string::npos) return kKeepKeysAtMost;
    std::size_t end = at + 8;
    while (end < cc.size() && std::isdigit(static_cast<unsigned char>(cc[end]))) ++end;
    if (end == at + 8 || end - at - 8 > 9) return kKeepKeysAtMost; // no number, or beyond any sense
    const Clock::duration max_age = std::chrono::seconds(std::stol(cc.substr(at + 8, end - at - 8)));
    return std::min<Clock::duration>(kKeepKeysAtMost, std::max<Clock::duration>(kKeepKeysAtLeast, max_age));
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

struct FetchedKeys {
    KeySet keys;
    Clock::duration fresh_for;
};

FetchedKeys fetch_keys(HttpClient &http, const Config &config, const HostServices &host,
                       const OidcDiscovery &discovery) {
    if (discovery.jwks_uri.empty()) throw bad_keys("are not listed in the discovery document (no jwks_uri)");
    const Poco::URI accounts(config.accounts_base_url), jwks(discovery.jwks_uri);
    if (jwks.getScheme() != accounts.getScheme() || jwks.getHost() != accounts.getHost())
        throw bad_keys("are on another server than " + accounts.getHost());
    return with_retries(fetch_policy(), host, [&] {
        HttpRequest r;
        r.url = discovery.jwks_uri;
        r.headers = {{"Accept", "application/json"}};
        host.log(LogLevel::debug, "GET " + jwks.getPath());
        const HttpResponse response = http.send(r);
        const std::string what = "Veracross's id_token signing keys (" + server_name(r.url) + ")";
        if (response.status != 200) throw unexpected_answer(response, what);
        KeySet keys = parse_jwks(*json_object_body(response, what));
        if (keys.empty()) throw bad_keys("hold no RSA key of at least 2048 bits for RS256");
        return FetchedKeys{std::move(keys), freshness(response.header("Cache-Control"))};
    });
}

PublicKey pick(const KeySet &keys, const std::string &kid) {
    if (kid.empty()) return keys.size() == 1 ? keys.begin()->second : nullptr;
    const auto found = keys.find(kid);
    return found == keys.end() ? nullptr : found->second;
}

} // namespace

PublicKey find_signing_key(HttpClient &http, const Config &config, const HostServices &host,
                           const OidcDiscovery &discovery, const std::string &kid) {
    const std::string id = keep_key(config);
    const Clock::time_point now = Clock::now();
    bool unknown_kid = false;
    {
        std::lock_guard<std::mutex> lock(kept_mutex);
        const auto kept = kept_keys().find(id);
        if (kept != kept_keys().end() && now - kept->second.fetched_at < kept->second.fresh_for) {
            if (PublicKey key = pick(kept->second.keys, kid)) return key;
            // Fresh keys without this kid: fetch again only if no unknown kid did lately.
            if (kept->second.unknown_kid_fetch_at != Clock::time_point() &&
                now - kept->second.unknown_kid_fetch_at < kUnknownKidPause)
                return nullptr;
            unknown_kid = true;
        }
    }
    // Not kept, stale, or an unknown kid: fetch (outside the lock: other schools go on).
    FetchedKeys fetched = fetch_keys(http, config, host, discovery);
    PublicKey key = pick(fetched.keys, kid);
    std::lock_guard<std::mutex> lock(kept_mutex);
    KeptKeys &kept = kept_keys()[id];
    const Clock::time_point unknown_at = unknown_kid ? now : kept.unknown_kid_fetch_at;
    kept = KeptKeys{std::move(fetched.keys), Clock::now(), fetched.fresh_for, unknown_at};
    return key;
}

} // namespace veracross

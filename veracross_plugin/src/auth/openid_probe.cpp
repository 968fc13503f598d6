// Whether the OAuth application also has `openid` (see openid_probe.hpp).
#include "auth/openid_probe.hpp"

#include "http/remote_response.hpp"
#include "http/retry.hpp"

#include <Poco/JSON/Parser.h>

#include <chrono>
#include <map>
#include <mutex>

namespace veracross {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kKeepAnswerFor = std::chrono::hours(1);

struct KeptAnswer {
    bool has_openid = false;
    Clock::time_point asked_at;
};

std::mutex kept_mutex;
std::map<std::string, KeptAnswer> &kept_answers() {
    static std::map<std::string, KeptAnswer> kept;
    return kept;
}

std::string token_endpoint(const Config &config) {
    return config.accounts_base_url + "/" + config.school_route + "/oauth/token";
}

std::string access_token_of(const HttpResponse &response) {
    try {
        const auto body = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
        return body ? body->optValue<std::string>("access_token", "") : std::string();
    } catch (const std::exception &) {
        return {};
    }
}

bool ask(HttpClient &http, const Config &config, const HostServices &host) {
    HttpRequest r;
    r.method = "POST";
    r.url = token_endpoint(config);
    r.headers = {{"Accept", "application/json"}};
    r.form = {{"grant_type", "client_credentials"},
              {"client_id", config.client_id},
              {"client_secret", config.client_secret},
              {"scope", "openid"}};
    host.log(LogLevel::debug, "POST /" + config.school_route + "/oauth/token (scope: openid; does the application "
                                                             "have it too?)");
    const HttpResponse response = http.send(r);
    if (response.status != 200) return false; // refused (invalid_scope) or not offered: ask for sso alone
    const std::string token = access_token_of(response);
    if (!token.empty()) {
        HttpRequest revoke;
        revoke.method = "POST";
        revoke.url = config.accounts_base_url + "/" + config.school_route + "/oauth/revoke";
        revoke.form = {{"client_id", config.client_id}, {"client_secret", config.client_secret}, {"token", token}};
        try {
            http.send(revoke);
        } catch (const std::exception &) {
            // it expires by itself within the hour
        }
    }
    return true;
}

} // namespace

bool application_has_openid(HttpClient &http, const Config &config, const HostServices &host) {
    const std::string id =
        config.accounts_base_url + "/" + config.school_route + "\n" + config.client_id + "\n" + config.tls_ca_file;
    {
        std::lock_guard<std::mutex> lock(kept_mutex);
        const auto kept = kept_answers().find(id);
        if (kept != kept_answers().end() && Clock::now() - kept->second.asked_at < kKeepAnswerFor)
            return kept->second.has_openid;
    }
    throw_if_cancelled(host);
    bool has_openid = false;
    try {
        has_openid = ask(http, config, host);
    } catch (const PluginError &e) {
        if (e.status() == Status::cancelled) throw;
        return false; // not kept: the next login asks again
    } catch (const std::exception &) {
        return false;
    }
    std::lock_guard<std::mutex> lock(kept_mutex);
    kept_answers()[id] = KeptAnswer{has_openid, Clock::now()};
    return has_openid;
}

} // namespace veracross

#include "oidc/oidc_discovery.hpp"

#include "http/remote_response.hpp"
#include "http/school_route.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

namespace veracross {
namespace {

std::string host_of(const std::string &url) {
    try {
        return Poco::URI(url).getHost();
    } catch (const Poco::Exception &) {
        return {};
    }
}

std::vector<std::string> texts(const Poco::JSON::Object &doc, const std::string &name) {
    std::vector<std::string> out;
    if (auto a = doc.getArray(name))
        for (const auto &v : *a)
            if (v.isString()) out.push_back(v.extract<std::string>());
    return out;
}

// OpenID Connect Discovery 4.3: the issuer must be the URL the document was
// fetched from, minus /.well-known/openid-configuration. Veracross's own
// example writes it with http:// while served over https, so an issuer that
// differs only so is taken (the document came over https from the accounts
// host; the id_token and the callback must then name exactly that issuer).
std::string issuer_problem(const std::string &issuer, const std::string &fetched_from) {
    if (issuer == fetched_from) return {};
    const std::string https = "https://";
    if (fetched_from.compare(0, https.size(), https) == 0 && issuer == "http://" + fetched_from.substr(https.size()))
        return {};
    return "its issuer '" + issuer + "' is not the address it was fetched from ('" + fetched_from +
           "'), as OpenID Connect Discovery requires";
}

} // namespace

OidcDiscovery fetch_oidc_discovery(HttpClient &http, const Config &config, const HostServices &host) {
    HttpRequest r;
    r.url = config.accounts_base_url + "/" + config.school_route + "/.well-known/openid-configuration";
    r.headers = {{"Accept", "application/json"}};
    host.log(LogLevel::debug, "GET /" + config.school_route + "/.well-known/openid-configuration");
    const HttpResponse response = http.send(r);
    const std::string what = "Veracross's SSO discovery document (" + server_name(r.url) + ")";
    if (response.status == 404) {
        if (!route_is_known(http, config)) throw unknown_route_error(config);
        throw PluginError(Status::not_found, "no_discovery",
                          what + " is missing (HTTP 404): single sign-on cannot be set up for "
                                 "school route '" + config.school_route + "'.",
                          answer_details(response));
    }
    if (response.status != 200) throw unexpected_answer(response, what);
    const auto doc = json_object_body(response, what);

    OidcDiscovery d;
    d.issuer = doc->optValue<std::string>("issuer", "");
    d.authorization_endpoint = doc->optValue<std::string>("authorization_endpoint", "");
    d.token_endpoint = doc->optValue<std::string>("token_endpoint", "");
    d.userinfo_endpoint = doc->optValue<std::string>("userinfo_endpoint", "");
    d.jwks_uri = doc->optValue<std::string>("jwks_uri", "");
    d.scopes_supported = texts(*doc, "scopes_supported");

    const std::string accounts_host = host_of(config.accounts_base_url);
    const std::string issuer_mismatch = issuer_problem(d.issuer, config.accounts_base_url + "/" + config.school_route);
    std::string problem;
    if (d.issuer.empty() || d.authorization_endpoint.empty() || d.token_endpoint.empty())
        problem = "it lacks issuer, authorization_endpoint or token_endpoint";
    else if (!issuer_mismatch.empty())
        problem = issuer_mismatch;
    else if (host_of(d.authorization_endpoint) != accounts_host || host_of(d.token_endpoint) != accounts_host)
        problem = "its endpoints are not on " + accounts_host;
    else if (doc->has("response_types_supported")) {
        const auto types = texts(*doc, "response_types_supported");
        if (std::find(types.begin(), types.end(), "code") == types.end())
            problem = "it does not offer the authorization code flow";
    }
    if (!problem.empty())
        throw PluginError(Status::remote_error, "bad_discovery",
                          what + " makes no sense: " + problem +
                              ". Single sign-on cannot work until Veracross fixes it.",
                          answer_details(response));
    return d;
}

OidcDiscovery kept_oidc_discovery(HttpClient &http, const Config &config, const HostServices &host) {
    using Clock = std::chrono::steady_clock;
    constexpr auto kKeepFor = std::chrono::minutes(10); // as the signing keys: a change is seen within that
    struct Kept {
        OidcDiscovery doc;
        Clock::time_point fetched_at;
    };
    static std::mutex kept_mutex;
    static std::map<std::string, Kept> kept;
    const std::string id = config.accounts_base_url + "/" + config.school_route + "\n" + config.tls_ca_file;
    {
        std::lock_guard<std::mutex> lock(kept_mutex);
        const auto found = kept.find(id);
        if (found != kept.end() && Clock::now() - found->second.fetched_at < kKeepFor) return found->second.doc;
    }
    OidcDiscovery doc = fetch_oidc_discovery(http, config, host);
    std::lock_guard<std::mutex> lock(kept_mutex);
    kept[id] = Kept{doc, Clock::now()};
    return doc;
}

} // namespace veracross

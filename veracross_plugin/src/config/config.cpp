#include "config/config.hpp"

#include "common/plugin_error.hpp"
#include "config/plugin_manifest.hpp"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <regex>
#include <cmath>
#include <set>

namespace veracross {
namespace {

const char *const kDomainHelp =
    "enter your school's Veracross route, as in your Axiom or Portals address: "
    "for https://axiom.veracross.com/myschool/ enter myschool (the whole address works too)";

bool is_route(const std::string &s) {
    static const std::regex route("[a-z0-9][a-z0-9_-]{0,99}");
    return std::regex_match(s, route);
}

std::string text_field(const Poco::JSON::Object &obj, const std::string &name, bool required) {
    if (!obj.has(name) || obj.isNull(name)) {
        if (required) throw invalid_config(name, "is required");
        return {};
    }
    const Poco::Dynamic::Var v = obj.get(name);
    if (!v.isString()) throw invalid_config(name, "must be a text value");
    std::string s = Poco::trim(v.extract<std::string>());
    if (required && s.empty()) throw invalid_config(name, "must not be empty");
    return s;
}

std::string base_url_field(const Poco::JSON::Object &obj, const std::string &name,
                           const std::string &fallback) {
    std::string url = text_field(obj, name, false);
    if (url.empty()) return fallback;
    try {
        Poco::URI uri(url);
        if ((uri.getScheme() != "https" && uri.getScheme() != "http") || uri.getHost().empty())
            throw invalid_config(name, "must be an http(s) URL like https://accounts.veracross.com");
    } catch (const Poco::SyntaxException &) {
        throw invalid_config(name, "is not a valid URL");
    }
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

} // namespace

std::string normalise_school_domain(const std::string &entered) {
    std::string s = Poco::toLower(Poco::trim(entered));
    if (s.empty()) throw invalid_config("school_domain", "is empty: " + std::string(kDomainHelp));
    if (is_route(s)) return s;

    // An address: accept Veracross hosts only, the route is the first path segment.
    if (s.find("://") == std::string::npos) s = "https://" + s;
    try {
        Poco::URI uri(s);
        const std::string host = uri.getHost();
        const bool veracross_host =
            host == "veracross.com" ||
            (host.size() > 14 && host.compare(host.size() - 14, 14, ".veracross.com") == 0);
        std::vector<std::string> segments;
        uri.getPathSegments(segments);
        if (veracross_host && !segments.empty() && is_route(segments.front()) &&
            (uri.getScheme() == "https" || uri.getScheme() == "http"))
            return segments.front();
    } catch (const Poco::Exception &) {
    }
    throw invalid_config("school_domain", "'" + Poco::trim(entered) +
                                              "' is not a Veracross school route or address: " +
                                              kDomainHelp);
}

Config parse_config(const std::string &json) {
    Poco::JSON::Object::Ptr obj;
    try {
        obj = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        obj = nullptr;
    }
    if (!obj) throw PluginError(Status::invalid_config, "invalid_json", "config: must be a JSON object");

    static const std::set<std::string> known{
        "school_domain", "client_id",     "client_secret",     "integration_type",
        "accounts_base_url", "api_base_url", "timeout_seconds", "tls_ca_file",
        "sso_redirect_urls", "sso_scope", "sso_match",
        "max_requests_in_flight"};
    std::vector<std::string> names;
    obj->getNames(names);
    for (const auto &n : names)
        if (!known.count(n))
            throw invalid_config(n, "is not a setting of the Veracross plugin (check the spelling)");

    Config c;
    c.school_route = normalise_school_domain(text_field(*obj, "school_domain", true));
    c.client_id = text_field(*obj, "client_id", true);
    if (c.client_id.find_first_of(" \t\r\n") != std::string::npos)
        throw invalid_config("client_id", "must not contain spaces: copy it again from Axiom");
    c.client_secret = text_field(*obj, "client_secret", true);
    c.integration_type = text_field(*obj, "integration_type", true);
    if (!PluginManifest::get().has_integration_type(c.integration_type))
        throw invalid_config("integration_type", "'" + c.integration_type +
                                                     "' is not one of imports, sso, imports_and_sso");
    c.accounts_base_url = base_url_field(*obj, "accounts_base_url", c.accounts_base_url);
    c.api_base_url = base_url_field(*obj, "api_base_url", c.api_base_url);

    if (obj->has("timeout_seconds")) {
        const Poco::Dynamic::Var v = obj->get("timeout_seconds");
        if (!v.isNumeric()) throw invalid_config("timeout_seconds", "must be a number of seconds");
        c.timeout_seconds = v.convert<double>();
        if (!(c.timeout_seconds >= 0.1 && c.timeout_seconds <= 600))
            throw invalid_config("timeout_seconds", "must be between 0.1 and 600");
    }
    if (obj->has("max_requests_in_flight")) {
        const Poco::Dynamic::Var v = obj->get("max_requests_in_flight");
        const double n = v.isNumeric() ? v.convert<double>() : 0;
        if (!(n >= 1 && n <= 16) || n != std::floor(n))
            throw invalid_config("max_requests_in_flight", "must be a whole number from 1 to 16");
        c.max_requests_in_flight = static_cast<int>(n);
    }
    c.tls_ca_file = text_field(*obj, "tls_ca_file", false);
    if (!c.tls_ca_file.empty()) {
        bool readable = false;
        try {
            Poco::File f(c.tls_ca_file);
            readable = f.exists() && f.isFile() && f.canRead();
        } catch (const Poco::Exception &) {
        }
        if (!readable)
            throw invalid_config("tls_ca_file", "'" + c.tls_ca_file + "' is not a readable file");
    }

    c.sso_scope = text_field(*obj, "sso_scope", false);
    if (c.sso_scope.empty()) c.sso_scope = "sso";
    if (c.sso_scope != "sso" && c.sso_scope != "openid")
        throw invalid_config("sso_scope", "must be sso or openid");
    c.sso_match = text_field(*obj, "sso_match", false);
    if (c.sso_match.empty()) c.sso_match = "email";
    if (c.sso_match != "email" && c.sso_match != "email_or_username")
        throw invalid_config("sso_match", "must be email (the default) or email_or_username");

    if (obj->has("sso_redirect_urls")) {
        auto arr = obj->getArray("sso_redirect_urls");
        if (!arr) throw invalid_config("sso_redirect_urls", "must be a list of URLs");
        for (std::size_t i = 0; i < arr->size(); ++i) {
            if (!arr->get(i).isString())
                throw invalid_config("sso_redirect_urls", "item " + std::to_string(i + 1) +
                                                              " must be a URL text");
            c.sso_redirect_urls.push_back(arr->getElement<std::string>(i));
        }
    } else {
        c.sso_redirect_urls = PluginManifest::get().sso_redirect_urls();
    }
    return c;
}

} // namespace veracross

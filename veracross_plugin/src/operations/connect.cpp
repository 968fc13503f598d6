// connect: what happens when the school's admin clicks Connect. It gets an
// access token for exactly the scopes the integration type needs (finding
// every refused scope by name), asks each needed Data API resource for one
// record (the grading periods whole: an event form chooses from them), and
// for SSO checks the discovery document and the redirect URLs.
//
// The token is the instance's cached one (token_provider.hpp): a second
// connect on the same instance reuses it until shortly before it expires,
// unless a scope was refused last time (the admin may have enabled it since).
// Checks go on after a failure of one resource and stop after one that
// concerns the whole connection. Connect reports what it sees: no retries.
#include "fetch/data_api.hpp"
#include "common/json_text.hpp"
#include "oidc/oidc_discovery.hpp"
#include "operations/operations.hpp"
#include "common/plugin_error.hpp"
#include "records/record_parsers.hpp"
#include "http/rate_limit.hpp"
#include "operations/school_connection.hpp"
#include "auth/scope_report.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <optional>

namespace veracross {
namespace {

using Object = Poco::JSON::Object;

// "academics.config.grading_periods:list" -> "academics/config/grading_periods";
// "" for scopes that are not Data API lists (sso, openid, :read).
std::string list_path(const std::string &scope) {
    static const std::string kList = ":list";
    if (scope.size() <= kList.size() || scope.compare(scope.size() - kList.size(), kList.size(), kList) != 0)
        return {};
    std::string path = scope.substr(0, scope.size() - kList.size());
    std::replace(path.begin(), path.end(), '.', '/');
    return path;
}

// A failure of one resource leaves the others worth checking; these do not.
bool concerns_whole_connection(const PluginError &e) {
    switch (e.status()) {
    case Status::missing_scopes:
    case Status::remote_error:
    case Status::invalid_config: return false;
    case Status::not_found: return e.code() == "unknown_school_route";
    default: return true;
    }
}

class Report {
public:
    void pass(const std::string &name, const std::string &message) { add(name, true, message, nullptr); }
    // Records the failure; returns whether later checks are still worth running.
    bool fail(const std::string &name, const PluginError &e) {
        add(name, false, e.what(), &e);
        if (!first_failure_) first_failure_.emplace(e);
        if (e.status() == Status::missing_scopes && e.details())
            if (auto missing = e.details()->getArray("missing_scopes"))
                for (const auto &m : *missing)
                    if (std::find(missing_.begin(), missing_.end(), m.toString()) == missing_.end())
                        missing_.push_back(m.toString());
        stopped_ = concerns_whole_connection(e);
        return !stopped_;
    }
    bool stopped() const { return stopped_; }
    const std::optional<PluginError> &first_failure() const { return first_failure_; }
    int failures() const { return failures_; }
    const Poco::JSON::Array::Ptr &checks() const { return checks_; }
    std::vector<std::string> &missing() { return missing_; }

private:
    void add(const std::string &name, bool ok, const std::string &message, const PluginError *e) {
        Object::Ptr c = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        c->set("name", name);
        c->set("ok", ok);
        c->set("message", message);
        if (e) {
            c->set("status", std::string(status_name(e->status())));
            c->set("code", e->code());
            ++failures_;
        }
        checks_->add(c);
    }

    Poco::JSON::Array::Ptr checks_ = new Poco::JSON::Array;
    std::optional<PluginError> first_failure_;
    std::vector<std::string> missing_;
    int failures_ = 0;
    bool stopped_ = false;
};

void check_token(SchoolConnection &c, Report &report, bool &reused) {
    const auto before = c.tokens().cached();
    try {
        const auto token = c.tokens().token(TokenUse::recheck_refused_scopes);
        reused = before && before == token;
        report.pass("credentials", "Veracross accepted the Client ID and Client Secret for school "
                                   "route '" + c.config().school_route + "'" +
                                       (reused ? " (the access token from the last check is still valid)" : ""));
        std::vector<std::string> required;
        for (const auto &need : c.tokens().needs())
            if (need.required) required.push_back(need.scope);
        report.pass("scopes", required.size() == 1
                                  ? "The required scope " + required[0] + " is enabled on the OAuth application"
                                  : "All " + std::to_string(required.size()) +
                                        " required scopes are enabled on the OAuth application");
    } catch (const PluginError &e) {
        if (e.status() == Status::missing_scopes) {
            report.pass("credentials", "Veracross accepted the Client ID and Client Secret for "
                                       "school route '" + c.config().school_route + "'");
            report.fail("scopes", e);
        } else {
            report.fail("credentials", e);
        }
    }
}

const std::string kGradingPeriods = "academics/config/grading_periods";

// The school's grading periods as an event form lists them; unreadable
// records are left out (the import reports them).
Poco::JSON::Array::Ptr grading_period_list(const Poco::JSON::Array &records) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto record = records.getObject(static_cast<unsigned>(i));
        if (!record) continue;
        try {
            const GradingPeriodRecord p = parse_grading_period(*record);
            Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            o->set("id", std::to_string(p.id));
            o->set("name", p.description);
            o->set("abbreviation", p.abbreviation);
            o->set("start", p.start);
            o->set("end", p.end);
            out->add(o);
        } catch (const std::exception &) {
        }
    }
    return out;
}

void check_data_api(SchoolConnection &c, Report &report, std::optional<RateLimit> &rate_limit,
                    Poco::JSON::Array::Ptr &grading_periods) {
    for (const auto &need : c.tokens().needs()) {
        const std::string path = list_path(need.scope);
        if (!need.required || path.empty()) continue;
        DataRequest probe;
        probe.path = path;
        // One record shows access; the grading periods (one page: a school
        // has a few dozen) are read whole for the same one request.
        probe.page_size = path == kGradingPeriods ? 1000 : 1;
        try {
            const DataResponse r = c.data_api().get(probe);
            const std::size_t n = r.records()->size();
            if (path == kGradingPeriods) grading_periods = grading_period_list(*r.records());
            rate_limit = r.rate_limit;
            report.pass("data:" + path,
                        "Veracross answers " + r.what +
                            (n ? std::string(" (records found)")
                               : std::string(" but shows no records: check the OAuth "
                                             "application's data access in Axiom")));
        } catch (const PluginError &e) {
            if (!report.fail("data:" + path, e)) return;
        }
    }
}

void check_sso(SchoolConnection &c, Report &report) {
    const Config &config = c.config();
    try {
        const OidcDiscovery d = fetch_oidc_discovery(c.http(), config, c.host());
        report.pass("sso:discovery", "Veracross's single sign-on is set up for school route '" +
                                         config.school_route + "' (logins go to " +
                                         d.authorization_endpoint + ")");
    } catch (const PluginError &e) {
        if (!report.fail("sso:discovery", e)) return;
    }

    const std::vector<std::string> &allowed = PluginManifest::get().sso_redirect_urls();
    std::string allowed_text, unknown;
    for (const auto &u : allowed) allowed_text += (allowed_text.empty() ? "" : " and ") + u;
    for (const auto &u : config.sso_redirect_urls)
        if (std::find(allowed.begin(), allowed.end(), u) == allowed.end())
            unknown += (unknown.empty() ? "" : ", ") + u;
    if (!unknown.empty() || config.sso_redirect_urls.empty()) {
        Object::Ptr d = new Object;
        d->set("field", "sso_redirect_urls");
        report.fail("sso:redirect_urls",
                    PluginError(Status::invalid_config, "invalid_field",
                                "sso_redirect_urls: " +
                                    (unknown.empty() ? std::string("is empty")
                                                     : unknown + " is not an address where pickAtime "
                                                                 "receives logins") +
                                    ". Use " + allowed_text + ".",
                                d));
        return;
    }
    report.pass("sso:redirect_urls",
                "Make sure the OAuth application in Axiom lists " + allowed_text +
                    " as redirect URLs (setup guide step 7): without them, families get a "
                    "redirect error when they log in. Veracross does not let this be checked "
                    "without a login.");
}

} // namespace

std::string run_connect(SchoolConnection &c) {
    const Config &config = c.config();
    c.host().log(LogLevel::info, "Checking the Veracross connection of school route '" +
                                   config.school_route + "' for integration type " +
                                   config.integration_type);
    Report report;
    bool token_reused = false;
    std::optional<RateLimit> rate_limit;
    Poco::JSON::Array::Ptr grading_periods;
    check_token(c, report, token_reused);
    const auto &needs = c.tokens().needs();
    if (!report.first_failure()) {
        check_data_api(c, report, rate_limit, grading_periods);
        const bool wants_sso = std::any_of(needs.begin(), needs.end(), [&](const ScopeNeed &n) {
            return n.scope == config.sso_scope;
        });
        if (wants_sso && !report.stopped()) check_sso(c, report);
    }

    const auto grants = c.tokens().grants();
    std::vector<std::string> &missing = report.missing();
    for (const auto &s : refused_scopes(needs, grants, true))
        if (std::find(missing.begin(), missing.end(), s) == missing.end()) missing.push_back(s);
    const std::vector<std::string> missing_optional = refused_scopes(needs, grants, false);
    Poco::JSON::Array::Ptr warnings = new Poco::JSON::Array;
    for (const auto &need : needs)
        if (std::find(missing_optional.begin(), missing_optional.end(), need.scope) != missing_optional.end())
            warnings->add("Optional scope " + need.scope + " is not enabled; enabling it would add " +
                          need.purpose + ".");

    Object::Ptr result = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    result->set("ok", !report.first_failure());
    result->set("school_route", config.school_route);
    result->set("integration_type", config.integration_type);
    result->set("checks", report.checks());
    result->set("scopes", scope_rows(needs, grants));
    result->set("missing_scopes", json_list(missing));
    result->set("missing_optional_scopes", json_list(missing_optional));
    result->set("warnings", warnings);
    if (grading_periods) result->set("grading_periods", grading_periods);
    if (const auto token = c.tokens().cached()) {
        result->set("token_reused", token_reused);
        result->set("token_expires_at", utc_text(token->expires_at));
    }
    if (rate_limit && rate_limit->remaining) {
        Object::Ptr r = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        if (rate_limit->limit) r->set("limit", *rate_limit->limit);
        r->set("remaining", *rate_limit->remaining);
        if (rate_limit->reset_at) r->set("resets_at", utc_text(*rate_limit->reset_at));
        result->set("rate_limit", r);
    }

    if (const auto &failure = report.first_failure()) {
        // The error JSON carries the whole report plus the failure's own details.
        if (failure->details()) {
            std::vector<std::string> names;
            failure->details()->getNames(names);
            for (const auto &n : names)
                if (!result->has(n)) result->set(n, failure->details()->get(n));
        }
        std::string message = failure->what();
        if (report.failures() > 1)
            message += " (" + std::to_string(report.failures() - 1) + " more problem" +
                       (report.failures() > 2 ? "s" : "") + ": see the checks)";
        throw PluginError(failure->status(), failure->code(), message, result);
    }
    c.host().log(LogLevel::info, "The Veracross connection of school route '" + config.school_route + "' works");
    return to_json_text(result);
}

} // namespace veracross

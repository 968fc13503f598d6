#include "fetch/data_api.hpp"

#include "http/remote_response.hpp"
#include "auth/scope_needs.hpp"
#include "http/school_route.hpp"

#include <Poco/URI.h>

#include <algorithm>

namespace veracross {
namespace {

// Query values keep ';' (Veracross's separator of alternatives) unencoded.
std::string encoded(const std::string &s) {
    std::string out;
    Poco::URI::encode(s, "?#&=+", out);
    return out;
}

bool has_text(const std::string &haystack, const char *needle) {
    return haystack.find(needle) != std::string::npos;
}

PluginError unexpected_data(const DataResponse &r) {
    return PluginError(Status::remote_error, "unexpected_body",
                       "Veracross answered " + r.what +
                           " without the expected \"data\". Try again later; if it persists, "
                           "contact Veracross support.");
}

} // namespace

Poco::JSON::Array::Ptr DataResponse::records() const {
    if (auto a = body->getArray("data")) return a;
    throw unexpected_data(*this);
}

Poco::JSON::Object::Ptr DataResponse::record() const {
    if (auto o = body->getObject("data")) return o;
    throw unexpected_data(*this);
}

Poco::JSON::Array::Ptr DataResponse::value_lists() const { return body->getArray("value_lists"); }

DataApi::DataApi(const Config &config, HttpClient &http, TokenProvider &tokens,
                 const HostServices &host, RateBudget *budget)
    : config_(config), http_(http), tokens_(tokens), host_(host), budget_(budget) {}

DataResponse DataApi::get(const DataRequest &request, const RetryPolicy &retry) {
    return get(request, nullptr, retry);
}

DataResponse DataApi::get(const DataRequest &request, const BodyReader &read, const RetryPolicy &retry) {
    const long page_size = std::max(request.page_size, 1);
    if ((static_cast<long>(request.page) - 1) * page_size >= kMaxRecordsPerCollection)
        throw PluginError(Status::remote_error, "too_many_pages",
                          "Veracross kept sending full pages of /v3/" + request.path + " past " +
                              std::to_string(kMaxRecordsPerCollection) +
                              " records, more than any school has, so the import stopped. Contact "
                              "Veracross support.");
    std::string url = config_.api_base_url + "/" + config_.school_route + "/v3/" + request.path;
    char separator = '?';
    for (const auto &q : request.query) {
        url += separator + encoded(q.first) + "=" + encoded(q.second);
        separator = '&';
    }
    const std::string what = "GET /v3/" + request.path;
    return with_retries(retry, host_, [&] { return attempt(request, url, what, read ? &read : nullptr); });
}

HttpResponse DataApi::exchange(const HttpRequest &request) {
    if (!budget_) return http_.send(request);
    budget_->acquire(host_); // throws when cancelled while waiting
    HttpResponse response;
    try {
        response = http_.send(request);
    } catch (...) {
        budget_->release(RateLimit{});
        throw;
    }
    budget_->release(parse_rate_limit(response.headers, std::chrono::system_clock::now()));
    return response;
}

DataResponse DataApi::attempt(const DataRequest &request, const std::string &url,
                              const std::string &what, const BodyReader *read) {
    HttpResponse response;
    for (bool renewed = false;;) {
        throw_if_cancelled(host_);
        const auto token = tokens_.token();
        HttpRequest r;
        r.url = url;
        r.headers = {{"Authorization", "Bearer " + token->value},
                     {"Accept", "application/json"},
                     {"X-Page-Number", std::to_string(request.page)},
                     {"X-Page-Size", std::to_string(request.page_size)}};
        if (request.value_lists) r.headers.emplace_back("X-API-Value-Lists", "include");
        host_.log(LogLevel::debug, what + " (page " + std::to_string(request.page) + ", size " +
                                     std::to_string(request.page_size) + ")");
        response = exchange(r);
        if (response.status != 401) break; // only a 401's body is read for its reason here
        const std::string error = read_error_body(response).error;
        // Any 401 but a missing scope gets one new token: Veracross documents
        // no wording for "expired" or "revoked" (docs/veracross-assumptions.md).
        if (!renewed && !has_text(error, "missing a required scope")) {
            host_.log(LogLevel::info, "Veracross refused the access token (\"" + quoted(error) +
                                          "\"); getting a new one");
            tokens_.invalidate(token);
            renewed = true;
            continue;
        }
        break;
    }

    DataResponse out;
    out.what = what;
    out.body_bytes = response.body.size();
    out.rate_limit = parse_rate_limit(response.headers, std::chrono::system_clock::now());
    if (response.status == 200) {
        const std::string who = "Veracross (" + what + ")";
        if (!read) out.body = json_object_body(response, who);
        else if (!(*read)(response.body)) throw not_json_error(response, who);
        return out;
    }
    const RemoteErrorBody e = read_error_body(response);
    switch (response.status) {
    case 401: {
        static const std::string kMissing = "missing a required scope:";
        const auto at = e.error.find(kMissing);
        if (at != std::string::npos)
            throw missing_scopes_error({Poco::trim(e.error.substr(at + kMissing.size()))});
        Poco::JSON::Object::Ptr d = answer_details(response);
        throw PluginError(Status::auth_failed, "token_refused",
                          "Veracross refused the access token for " + what + " (\"" +
                              quoted(e.error) + "\"). Click Connect again; if it persists, "
                              "check the OAuth application in Axiom.",
                          d);
    }
    case 404:
        if (has_text(e.error, "client is unknown")) throw unknown_route_error(config_);
        throw PluginError(Status::not_found, "not_found",
                          "Veracross has nothing at " + what + " (\"" + quoted(e.error) + "\").",
                          answer_details(response));
    case 429: throw rate_limited_error(out.rate_limit, "Veracross (" + what + ")");
    default: throw unexpected_answer(response, "Veracross (" + what + ")");
    }
}

} // namespace veracross

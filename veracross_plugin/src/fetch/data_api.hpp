// Veracross Data API (v3) requests: GET {api_base_url}/{route}/v3/{path}
// with the bearer token, JSON, paging headers, and every documented
// failure turned into a PluginError an admin can act on:
//   401 missing scope -> Status::missing_scopes naming it; expired or revoked
//   -> a new token and one more try; other 401 -> Status::auth_failed;
//   404 unknown client -> Status::not_found (school route), other 404 ->
//   Status::not_found; 429 -> Status::rate_limited with the reset time; 5xx,
//   redirects, other statuses and bodies that are not JSON -> Status::remote_error;
//   a page beyond kMaxRecordsPerCollection -> Status::remote_error too_many_pages,
//   refused before it is asked for.
// Transient failures are retried as the caller's RetryPolicy says.
//
// Threads: get() may be called from any number of threads at once (one
// token is shared; connections are pooled). Host callbacks (log,
// cancelled) are invoked on the calling thread.
//
// With a RateBudget, each HTTP exchange takes one of its request slots and
// gives it back as soon as the answer is in, before its body is read: a
// page being parsed, a backoff and a retry's wait hold no slot, so the
// school's other requests use it meanwhile.
#pragma once

#include "config/config.hpp"
#include "common/host_services.hpp"
#include "http/http_client.hpp"
#include "http/rate_limit.hpp"
#include "http/retry.hpp"
#include "auth/token_provider.hpp"
#include "fetch/rate_budget.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <functional>
#include <string>

namespace veracross {

// No school has more records in one collection (the largest, enrollments,
// is about 20 a student for 20,000 students): a server that keeps sending
// full pages past this is refused, so an import's memory stays bounded.
constexpr long kMaxRecordsPerCollection = 1'000'000;

struct DataRequest {
    std::string path;  // below /v3/, no leading slash: "students", "academics/classes/12"
    HttpFields query;  // filters; values are sent as given (';' separates alternatives)
    int page = 1;      // X-Page-Number, from 1
    int page_size = 100; // X-Page-Size, 1..1000
    bool value_lists = false; // X-API-Value-Lists: include
};

struct DataResponse {
    std::string what;              // "GET /v3/students", for messages
    Poco::JSON::Object::Ptr body;  // the whole JSON document (null when read by a BodyReader)
    std::size_t body_bytes = 0;    // the body's size as received
    RateLimit rate_limit;

    // body["data"] as a list (list endpoints) or a record (reads); anything
    // else is Status::remote_error unexpected_body.
    Poco::JSON::Array::Ptr records() const;
    Poco::JSON::Object::Ptr record() const;
    // body["value_lists"]; null when not asked for or not sent.
    Poco::JSON::Array::Ptr value_lists() const;
};

class DataApi {
public:
    DataApi(const Config &config, HttpClient &http, TokenProvider &tokens, const HostServices &host,
            RateBudget *budget = nullptr);

    DataResponse get(const DataRequest &request, const RetryPolicy &retry = RetryPolicy{});

    // Reads a 200 body as it is, inside the retry loop (so a body that
    // cannot be read is asked for again): `read` returns false when the body
    // is not a JSON object, which is retried as get() retries it. No tree
    // is built: the response's body stays null.
    using BodyReader = std::function<bool(const std::string &body)>;
    DataResponse get(const DataRequest &request, const BodyReader &read, const RetryPolicy &retry);

private:
    // One HTTP exchange, holding a slot of the budget only while it lasts.
    HttpResponse exchange(const HttpRequest &request);
    DataResponse attempt(const DataRequest &request, const std::string &url, const std::string &what,
                         const BodyReader *read);

    const Config &config_;
    HttpClient &http_;
    TokenProvider &tokens_;
    const HostServices &host_;
    RateBudget *budget_; // null: exchanges are not paced here
};

} // namespace veracross

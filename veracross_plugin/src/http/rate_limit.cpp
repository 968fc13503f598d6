#include "http/rate_limit.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

namespace veracross {
namespace {

// Anything below this is a number of seconds, not a date (1e9 s = 2001).
constexpr double kSmallestEpoch = 1e9;

std::optional<double> number(const Poco::Net::NameValueCollection &headers, const std::string &name) {
    double value = 0;
    if (headers.has(name) && Poco::NumberParser::tryParseFloat(Poco::trim(headers.get(name)), value))
        return value;
    return std::nullopt;
}

} // namespace

RateLimit parse_rate_limit(const Poco::Net::NameValueCollection &headers,
                           std::chrono::system_clock::time_point now) {
    RateLimit r;
    if (auto v = number(headers, "X-Rate-Limit-Limit")) r.limit = static_cast<long>(*v);
    if (auto v = number(headers, "X-Rate-Limit-Remaining")) r.remaining = static_cast<long>(*v);
    if (auto v = number(headers, "X-Rate-Limit-Reset"); v && *v >= 0) {
        const auto seconds = std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::duration<double>(*v));
        r.reset_at = *v < kSmallestEpoch ? now + seconds
                                         : std::chrono::system_clock::time_point(seconds);
    }
    return r;
}

std::string utc_text(std::chrono::system_clock::time_point t) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    return Poco::DateTimeFormatter::format(Poco::Timestamp(micros), "%Y-%m-%dT%H:%M:%SZ");
}

PluginError rate_limited_error(const RateLimit &limit, const std::string &what) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    std::string when = "in a few minutes";
    if (limit.reset_at) {
        d->set("retry_at", static_cast<Poco::Int64>(std::chrono::duration_cast<std::chrono::seconds>(
                               limit.reset_at->time_since_epoch())
                               .count()));
        when = "after " + utc_text(*limit.reset_at);
        d->set("retry_after", utc_text(*limit.reset_at));
    }
    return PluginError(Status::rate_limited, "rate_limited",
                       what + " refused the request: Veracross's rate limit for this access token "
                              "is used up. Try again " + when + ".",
                       d);
}

} // namespace veracross

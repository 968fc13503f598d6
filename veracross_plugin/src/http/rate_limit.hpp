// Veracross's rate limit headers: X-Rate-Limit-Limit, -Remaining, -Reset.
// The docs call Reset a "timestamp" (epoch seconds, as both v3 clients read
// it); the legacy v2 API sent seconds until the reset, so a small value is
// read as a delta.
#pragma once

#include "common/plugin_error.hpp"

#include <Poco/Net/NameValueCollection.h>

#include <chrono>
#include <optional>
#include <string>

namespace veracross {

// Requests per window per access token, as Veracross documents it (300 per
// 3 minutes, the window starting at the token's first request).
constexpr long documented_rate_limit = 300;

struct RateLimit {
    std::optional<long> limit;     // requests per window
    std::optional<long> remaining; // left in this window
    std::optional<std::chrono::system_clock::time_point> reset_at;
};

RateLimit parse_rate_limit(const Poco::Net::NameValueCollection &headers,
                           std::chrono::system_clock::time_point now);

// Status::rate_limited naming `what` and when the limit resets; details carry
// retry_at (epoch seconds) when known, which the retry layer waits for.
PluginError rate_limited_error(const RateLimit &limit, const std::string &what);

// "2026-11-28T10:15:00Z"
std::string utc_text(std::chrono::system_clock::time_point t);

} // namespace veracross

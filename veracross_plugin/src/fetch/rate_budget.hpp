// Paces the requests that share one access token so that an import stays
// inside Veracross's rate limit (300 requests per 3 minutes per token) and
// never provokes a 429: a request starts only while the window, as the last
// X-Rate-Limit-* headers describe it, has room for it beside the requests
// already in flight; otherwise it waits for the window's reset. It also
// keeps at most max_in_flight requests of the school going at once.
#pragma once

#include "common/host_services.hpp"
#include "http/rate_limit.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace veracross {

class RateBudget {
public:
    explicit RateBudget(int max_in_flight = 8) : max_in_flight_(max_in_flight < 1 ? 1 : max_in_flight) {}

    // Blocks until a request may start. Throws PluginError(Status::cancelled)
    // when `host` says stop while waiting.
    void acquire(const HostServices &host);
    // After the request ended: what Veracross said of the window, if anything.
    void release(const RateLimit &seen);
    // The token was issued just now and has not been used, and its window
    // is known to allow `limit` requests (as an earlier token's answers
    // said): the window starts at a token's first request, so it is whole,
    // and up to min(limit, max_in_flight) requests may start before the
    // first answer. After it, as that answer says (an answer without
    // rate-limit headers: one at a time again).
    void fresh_window(long limit);

    // How long requests have waited for the window (its reset, or the first
    // answer that tells it): wall time during which at least one waited, so
    // eight requests waiting the same 250 ms count 250 ms, not 2 s.
    std::chrono::milliseconds waited() const;
    // The requests in flight now, and the most that ever were at once.
    int in_flight() const;
    int peak_in_flight() const;
    // X-Rate-Limit-Limit as the latest answer that had it said; 0 before.
    long limit_seen() const;

private:
    class WindowWait;

    const int max_in_flight_;
    mutable std::mutex mutex_;
    std::condition_variable released_;
    int in_flight_ = 0;
    int peak_in_flight_ = 0;
    std::optional<long> remaining_; // as of the latest report in the latest window
    bool assumed_ = false;          // remaining_ is fresh_window()'s, not from an answer
    std::optional<std::chrono::system_clock::time_point> reset_at_;
    std::chrono::milliseconds waited_{0};
    int waiting_ = 0; // requests waiting for the window now
    std::chrono::steady_clock::time_point waiting_since_;
    long limit_seen_ = 0;
};

} // namespace veracross

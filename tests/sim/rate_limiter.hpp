// Data API rate limit: per access token, `limit` requests per window; the
// window starts at the token's first request and restarts when it ends.
#pragma once

#include "simulator.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace vcsim {

struct RateDecision {
    bool allowed = true;
    int limit = 0;
    int remaining = 0;
    std::int64_t reset_epoch_seconds = 0; // end of the current window, rounded up
};

class RateLimiter {
  public:
    explicit RateLimiter(RateLimit limits);
    void set_limits(RateLimit limits);
    RateLimit limits();
    // Counts one request of `token` and says whether it is within the limit.
    RateDecision count(const std::string &token);

  private:
    struct Window {
        std::chrono::system_clock::time_point start;
        int used = 0;
    };
    std::mutex mutex_;
    RateLimit limits_;
    std::map<std::string, Window> windows_;
};

} // namespace vcsim

#include "rate_limiter.hpp"

#include <algorithm>

namespace vcsim {

RateLimiter::RateLimiter(RateLimit limits) : limits_(limits) {}

void RateLimiter::set_limits(RateLimit limits) {
    std::lock_guard lock(mutex_);
    limits_ = limits;
}

RateLimit RateLimiter::limits() {
    std::lock_guard lock(mutex_);
    return limits_;
}

RateDecision RateLimiter::count(const std::string &token) {
    using namespace std::chrono;
    std::lock_guard lock(mutex_);
    const auto now = system_clock::now();
    auto [it, first] = windows_.try_emplace(token, Window{now, 0});
    Window &window = it->second;
    if (first || now >= window.start + limits_.window) window = Window{now, 0};

    RateDecision decision;
    decision.limit = limits_.limit;
    decision.allowed = window.used < limits_.limit;
    if (decision.allowed) ++window.used;
    decision.remaining = std::max(0, limits_.limit - window.used);
    // Rounded up so that a client sleeping until the reset never wakes early.
    const auto end_ms = duration_cast<milliseconds>((window.start + limits_.window).time_since_epoch()).count();
    decision.reset_epoch_seconds = (end_ms + 999) / 1000;
    return decision;
}

} // namespace vcsim

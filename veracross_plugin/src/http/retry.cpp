#include "http/retry.hpp"

#include <algorithm>
#include <ctime>
#include <random>
#include <thread>

namespace veracross {

void throw_if_cancelled(const HostServices &host) {
    if (host.cancelled())
        throw PluginError(Status::cancelled, "cancelled", "Stopped: the operation was cancelled.");
}

void cancellable_wait(std::chrono::milliseconds how_long, const HostServices &host) {
    const auto until = std::chrono::steady_clock::now() + how_long;
    for (;;) {
        throw_if_cancelled(host);
        const auto left = until - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) return;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            left, std::chrono::milliseconds(20))); // a cancel takes within 100 ms
    }
}

bool is_transient(const PluginError &e) {
    switch (e.status()) {
    case Status::network:
        return e.code() == "timeout" || e.code() == "connection_dropped" ||
               e.code() == "truncated_body";
    // A body that is not JSON is most often a glitch on the way (a proxy, a cut).
    case Status::remote_error: return e.code() == "server_error" || e.code() == "unexpected_body";
    case Status::rate_limited: return true;
    default: return false;
    }
}

std::chrono::milliseconds retry_delay(const RetryPolicy &policy, const PluginError &e,
                                      int next_attempt) {
    const std::chrono::milliseconds give_up{-1};
    if (next_attempt > policy.max_attempts || !is_transient(e)) return give_up;
    const auto d = e.details();
    if (e.status() == Status::rate_limited && d && d->has("retry_at")) {
        // Wait for the window's reset (one second late, for clock differences).
        const std::int64_t wait_s =
            d->getValue<std::int64_t>("retry_at") - static_cast<std::int64_t>(std::time(nullptr)) + 1;
        if (wait_s > policy.max_rate_limit_wait.count()) return give_up;
        return std::chrono::seconds(std::max<std::int64_t>(wait_s, 0));
    }
    // Exponential backoff with jitter, so that many clients (or workers)
    // that failed together do not come back together.
    auto delay = policy.first_backoff;
    for (int n = 2; n < next_attempt && delay < policy.max_backoff; ++n) delay *= 2;
    delay = std::min(delay, policy.max_backoff);
    thread_local std::mt19937 rng{std::random_device{}()};
    const auto half = delay.count() / 2;
    return std::chrono::milliseconds(half + std::uniform_int_distribution<long long>(0, half)(rng));
}

} // namespace veracross

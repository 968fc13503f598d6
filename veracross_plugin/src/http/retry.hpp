// The one retry layer of the plugin: transient failures (timeouts, dropped
// connections, 5xx, a 429 whose reset is near) are tried again with
// exponential backoff; waits stop early when the host cancels.
#pragma once

#include "common/host_services.hpp"
#include "common/plugin_error.hpp"

#include <chrono>

namespace veracross {

struct RetryPolicy {
    int max_attempts = 1; // 1 = no retry
    std::chrono::milliseconds first_backoff{500};
    std::chrono::milliseconds max_backoff{8000};
    // A 429 is retried after its reset when that is at most this far away.
    std::chrono::seconds max_rate_limit_wait{0};
};

// Throws PluginError(Status::cancelled) when the host asked to stop.
void throw_if_cancelled(const HostServices &host);

// Sleeps, checking the host's cancellation about ten times a second.
void cancellable_wait(std::chrono::milliseconds how_long, const HostServices &host);

// Is `e` worth another attempt? Network timeouts and drops, 5xx, 429.
bool is_transient(const PluginError &e);

// How long to wait before attempt `next_attempt` (2, 3, ...) after `e`, or
// a negative duration when the policy says give up.
std::chrono::milliseconds retry_delay(const RetryPolicy &policy, const PluginError &e,
                                      int next_attempt);

// Runs attempt() until it returns; rethrows the last PluginError when it is
// not transient or the policy's attempts are used up.
template <class Attempt>
auto with_retries(const RetryPolicy &policy, const HostServices &host, Attempt &&attempt)
    -> decltype(attempt()) {
    for (int n = 1;; ++n) {
        throw_if_cancelled(host);
        try {
            return attempt();
        } catch (const PluginError &e) {
            const auto delay = retry_delay(policy, e, n + 1);
            if (delay.count() < 0) throw;
            throw_if_cancelled(host); // a failure of an attempt nobody wants now is no news
            host.log(LogLevel::info, std::string(e.what()) + " (trying again)");
            cancellable_wait(delay, host);
        }
    }
}

} // namespace veracross

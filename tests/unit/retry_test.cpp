// The retry layer (http/retry.hpp) on its own: which failures are tried
// again, how many times, how long it waits, and that a cancel stops a wait.
#include "http/rate_limit.hpp"
#include "http/retry.hpp"

#include <catch2/catch.hpp>

using namespace veracross;
using namespace std::chrono_literals;

namespace {

PluginError server_error() { return PluginError(Status::remote_error, "server_error", "HTTP 503"); }
PluginError refused_client() { return PluginError(Status::auth_failed, "invalid_client", "refused"); }

RetryPolicy policy(int attempts, std::chrono::milliseconds first, std::chrono::milliseconds cap) {
    RetryPolicy p;
    p.max_attempts = attempts;
    p.first_backoff = first;
    p.max_backoff = cap;
    return p;
}

} // namespace

TEST_CASE("timeouts, drops, cut bodies, server errors, odd bodies and 429s are transient, other failures are not") {
    CHECK(is_transient(PluginError(Status::network, "timeout", "")));
    CHECK(is_transient(PluginError(Status::network, "connection_dropped", "")));
    CHECK(is_transient(PluginError(Status::network, "truncated_body", "")));
    CHECK_FALSE(is_transient(PluginError(Status::network, "dns", "")));
    CHECK(is_transient(server_error()));
    CHECK(is_transient(PluginError(Status::remote_error, "unexpected_body", "")));
    CHECK_FALSE(is_transient(PluginError(Status::remote_error, "not_found", "")));
    CHECK(is_transient(PluginError(Status::rate_limited, "rate_limited", "")));
    CHECK_FALSE(is_transient(refused_client()));
    CHECK_FALSE(is_transient(PluginError(Status::tls, "certificate", "")));
}

TEST_CASE("a policy of n attempts allows exactly n, and never for a failure that is not transient") {
    const auto p = policy(3, 100ms, 1000ms);
    CHECK(retry_delay(p, server_error(), 2) >= 0ms);
    CHECK(retry_delay(p, server_error(), 3) >= 0ms);
    CHECK(retry_delay(p, server_error(), 4) < 0ms);
    CHECK(retry_delay(p, refused_client(), 2) < 0ms);
    CHECK(retry_delay(RetryPolicy(), server_error(), 2) < 0ms); // the default: no retry
}

TEST_CASE("backoff doubles from the first wait up to the cap, less a random part of at most half") {
    const auto p = policy(10, 100ms, 300ms);
    const std::pair<int, std::chrono::milliseconds> full[] = {{2, 100ms}, {3, 200ms}, {4, 300ms}, {5, 300ms}, {9, 300ms}};
    for (int round = 0; round < 50; ++round)
        for (const auto &[attempt, longest] : full) {
            INFO("attempt " << attempt);
            const auto d = retry_delay(p, server_error(), attempt);
            CHECK(d >= longest / 2);
            CHECK(d <= longest);
        }
}

TEST_CASE("a 429 is waited out until its reset when that is near enough, else given up at once") {
    auto p = policy(3, 100ms, 1000ms);
    p.max_rate_limit_wait = 60s;
    RateLimit near;
    near.reset_at = std::chrono::system_clock::now() + 3s;
    const auto d = retry_delay(p, rate_limited_error(near, "test"), 2);
    CHECK(d >= 2s); // a second late, less what the clock moved on meanwhile
    CHECK(d <= 5s);
    RateLimit past;
    past.reset_at = std::chrono::system_clock::now() - 10s;
    CHECK(retry_delay(p, rate_limited_error(past, "test"), 2) == 0ms);
    RateLimit far;
    far.reset_at = std::chrono::system_clock::now() + 120s;
    CHECK(retry_delay(p, rate_limited_error(far, "test"), 2) < 0ms);
    p.max_attempts = 1;
    CHECK(retry_delay(p, rate_limited_error(near, "test"), 2) < 0ms);
}

TEST_CASE("with_retries makes the policy's attempts, returns the first success, rethrows the last failure") {
    const auto p = policy(3, 1ms, 2ms);
    const HostServices host;
    int attempts = 0;
    CHECK_THROWS_WITH(with_retries(p, host, [&]() -> int { ++attempts; throw server_error(); }), "HTTP 503");
    CHECK(attempts == 3);
    attempts = 0;
    CHECK(with_retries(p, host, [&] {
              if (++attempts < 2) throw server_error();
              return 7;
          }) == 7);
    CHECK(attempts == 2);
    attempts = 0;
    CHECK_THROWS_WITH(with_retries(p, host, [&]() -> int { ++attempts; throw refused_client(); }), "refused");
    CHECK(attempts == 1);
}

TEST_CASE("a cancel stops a retry wait at once") {
    // The cancel comes at the host's fifth "cancelled?": once before the
    // first attempt, then during the 30 s wait before the second. A wait
    // that asked only at its start and end would reach the second attempt
    // first; counting the questions, not the clock, holds on any machine.
    const auto p = policy(3, 30s, 30s);
    int asked = 0;
    const HostServices host(nullptr, nullptr, [&] { return ++asked > 4; });
    int attempts = 0;
    try {
        with_retries(p, host, [&]() -> int { ++attempts; throw server_error(); });
        FAIL("no error");
    } catch (const PluginError &e) {
        CHECK(e.status() == Status::cancelled);
    }
    CHECK(attempts == 1);
    CHECK(asked == 5); // stopped at the first "yes"
}

TEST_CASE("a cancel during a long backoff ends the wait at once, not when the backoff would") {
    // The cancel comes 50 ms into a backoff of 10 to 20 s. A wait that slept
    // its whole backoff before asking again would take seconds; at once is
    // about 70 ms here, so a 5 s bound holds on a loaded machine too.
    const auto p = policy(3, 20s, 20s);
    std::chrono::steady_clock::time_point failed_at{};
    const HostServices host(nullptr, nullptr, [&] {
        return failed_at != std::chrono::steady_clock::time_point{} &&
               std::chrono::steady_clock::now() - failed_at > 50ms;
    });
    try {
        with_retries(p, host, [&]() -> int {
            failed_at = std::chrono::steady_clock::now();
            throw server_error();
        });
        FAIL("no error");
    } catch (const PluginError &e) {
        CHECK(e.status() == Status::cancelled);
    }
    CHECK(std::chrono::steady_clock::now() - failed_at < 5s);
}

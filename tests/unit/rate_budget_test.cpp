// The rate budget (fetch/rate_budget.hpp) on its own: when a request may
// start, from what Veracross last said of the window. A host that says
// "cancelled" from its second question on makes acquire() a probe: it
// returns only when the request need not wait.
#include "fetch/rate_budget.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using namespace veracross;
using namespace std::chrono_literals;

namespace {

bool starts_at_once(RateBudget &budget) {
    int asked = 0;
    const HostServices host(nullptr, nullptr, [&] { return ++asked > 1; });
    try {
        budget.acquire(host);
        return true;
    } catch (const PluginError &e) {
        REQUIRE(e.status() == Status::cancelled);
        return false;
    }
}

RateLimit window(long remaining, std::optional<std::chrono::seconds> reset_in) {
    RateLimit r;
    r.limit = 300;
    r.remaining = remaining;
    if (reset_in) r.reset_at = std::chrono::system_clock::now() + *reset_in;
    return r;
}

} // namespace

TEST_CASE("before Veracross has told the budget, requests go one at a time") {
    RateBudget b;
    CHECK(starts_at_once(b));
    CHECK_FALSE(starts_at_once(b));
    b.release(RateLimit()); // an answer without rate-limit headers tells nothing
    CHECK(starts_at_once(b));
    CHECK_FALSE(starts_at_once(b));
}

TEST_CASE("with n requests left in the window, exactly n start beside those in flight") {
    RateBudget b;
    REQUIRE(starts_at_once(b));
    b.release(window(3, 60s));
    CHECK(starts_at_once(b));
    CHECK(starts_at_once(b));
    CHECK(starts_at_once(b));
    CHECK_FALSE(starts_at_once(b));
    b.release(window(2, 60s)); // one ended: three still in flight, two left
    CHECK_FALSE(starts_at_once(b));
}

TEST_CASE("answers that arrive out of order never raise what is left of the same window") {
    RateBudget b;
    REQUIRE(starts_at_once(b));
    REQUIRE(starts_at_once(b) == false);
    const auto reset = std::chrono::system_clock::now() + 60s;
    RateLimit later = window(1, std::nullopt), earlier = window(5, std::nullopt);
    later.reset_at = earlier.reset_at = reset;
    b.release(later);
    REQUIRE(starts_at_once(b));
    b.release(earlier); // an older answer, read after: still 1 left, and 0 in flight
    CHECK(starts_at_once(b));
    CHECK_FALSE(starts_at_once(b));
}

TEST_CASE("a used-up window opens again at its reset, and a newer window replaces it") {
    RateBudget b;
    REQUIRE(starts_at_once(b));
    b.release(window(0, -1s)); // already reset: the new window's budget is unknown, one at a time
    CHECK(starts_at_once(b));
    CHECK_FALSE(starts_at_once(b));
    b.release(window(2, 60s));
    REQUIRE(starts_at_once(b));
    REQUIRE(starts_at_once(b));
    b.release(window(0, 60s)); // one of two ended and the window is used up
    CHECK_FALSE(starts_at_once(b));
    b.release(window(10, 120s)); // the other ended, telling of a later window with room
    CHECK(starts_at_once(b));
}

TEST_CASE("a window without a reset time does not hold requests back") {
    RateBudget b;
    REQUIRE(starts_at_once(b));
    b.release(window(0, std::nullopt));
    CHECK(starts_at_once(b));
    CHECK(starts_at_once(b));
}

TEST_CASE("a fresh token with a known limit lets that many start before the first answer and then the answer decides") {
    RateBudget b(8);
    b.fresh_window(3);
    CHECK(starts_at_once(b));
    CHECK(starts_at_once(b));
    CHECK(starts_at_once(b));
    CHECK_FALSE(starts_at_once(b)); // the known limit, not the school's cap of 8
    b.release(window(1, 60s));      // two still in flight, one left: no room
    CHECK_FALSE(starts_at_once(b));
}

TEST_CASE("a fresh token stays under the school's cap and an answer without rate-limit headers ends the assumption") {
    RateBudget b(2);
    b.fresh_window(300);
    CHECK(starts_at_once(b));
    CHECK(starts_at_once(b));
    CHECK_FALSE(starts_at_once(b)); // the cap
    b.release(RateLimit());         // tells nothing: one at a time from now on
    CHECK_FALSE(starts_at_once(b));
    b.release(RateLimit());
    CHECK(starts_at_once(b));
    CHECK_FALSE(starts_at_once(b));
}

TEST_CASE("a fresh token changes nothing once an answer has told the window") {
    RateBudget b(8);
    REQUIRE(starts_at_once(b));
    b.release(window(0, 60s));
    b.fresh_window(300);
    CHECK_FALSE(starts_at_once(b));
}

TEST_CASE("requests waiting for the window at the same time count their wait once") {
    RateBudget b(8);
    const auto started = std::chrono::steady_clock::now();
    b.acquire(HostServices()); // the first request: the others wait for its answer
    std::vector<std::thread> waiters;
    for (int i = 0; i < 6; ++i)
        waiters.emplace_back([&] {
            b.acquire(HostServices());
            b.release(window(250, 60s));
        });
    std::this_thread::sleep_for(500ms);
    b.release(window(299, 60s));
    for (auto &w : waiters) w.join();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    // Six waits of about 500 ms side by side: about 500 ms of waiting, never
    // more than the time that passed (summed per request it was about 3 s).
    CHECK(b.waited() <= elapsed);
    CHECK(b.waited() > 0ms);
}

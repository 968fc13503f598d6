// The school's cap on requests in flight (RateBudget, Config's
// max_requests_in_flight): never more at once, whatever the rate window
// allows, and the rate window's own limit still holds under the cap.
#include "common/plugin_error.hpp"
#include "fetch/rate_budget.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using namespace veracross;

namespace {

RateLimit window_of(long remaining) {
    RateLimit seen;
    seen.limit = 300;
    seen.remaining = remaining;
    seen.reset_at = std::chrono::system_clock::now() + std::chrono::seconds(180);
    return seen;
}

// Requests that stay in flight until the test lets them go.
struct HeldRequests {
    explicit HeldRequests(RateBudget &b) : budget(b) {}
    RateBudget &budget;
    std::mutex mutex;
    std::condition_variable changed;
    int inside = 0, most_inside = 0;
    bool let_go = false;

    void run() {
        budget.acquire(HostServices());
        std::unique_lock<std::mutex> lock(mutex);
        most_inside = std::max(most_inside, ++inside);
        changed.notify_all();
        changed.wait_for(lock, std::chrono::seconds(20), [&] { return let_go; });
        --inside;
        lock.unlock();
        budget.release(window_of(250));
    }
    // Waits (bounded) until `n` requests are inside.
    bool wait_for_inside(int n) {
        std::unique_lock<std::mutex> lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(20), [&] { return inside >= n; });
    }
    void release_all() {
        std::lock_guard<std::mutex> lock(mutex);
        let_go = true;
        changed.notify_all();
    }
};

} // namespace

TEST_CASE("no more requests of a school are in flight at once than its cap, though the window allows more") {
    for (const int cap : {1, 3}) {
        RateBudget budget(cap);
        budget.acquire(HostServices()); // the first request tells the window: plenty left
        budget.release(window_of(299));
        HeldRequests held(budget);
        std::vector<std::thread> threads;
        for (int i = 0; i < 6; ++i) threads.emplace_back([&] { held.run(); });
        REQUIRE(held.wait_for_inside(cap));
        // The others stay out while the cap is full (a bound, not a timing:
        // they had every chance to get in).
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        {
            std::lock_guard<std::mutex> lock(held.mutex);
            CHECK(held.inside == cap);
        }
        held.release_all();
        for (auto &t : threads) t.join();
        CHECK(held.most_inside == cap);
        CHECK(budget.peak_in_flight() == cap);
        CHECK(budget.waited().count() == 0); // waiting for the cap is not waiting for the rate window
    }
}

TEST_CASE("with a fresh token's window assumed, a request waiting for the cap is not counted as waiting for the window") {
    // The import has more threads than the cap (some read pages meanwhile):
    // before the first answer, the ones over the cap wait for the cap alone.
    RateBudget budget(3);
    budget.fresh_window(300);
    HeldRequests held(budget);
    std::vector<std::thread> threads;
    for (int i = 0; i < 5; ++i) threads.emplace_back([&] { held.run(); });
    REQUIRE(held.wait_for_inside(3));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    {
        std::lock_guard<std::mutex> lock(held.mutex);
        CHECK(held.inside == 3);
    }
    held.release_all();
    for (auto &t : threads) t.join();
    CHECK(budget.peak_in_flight() == 3);
    CHECK(budget.waited().count() == 0);
}

TEST_CASE("under the cap, the rate window still decides: with 2 requests left, 2 go and the rest wait") {
    RateBudget budget(8);
    budget.acquire(HostServices());
    budget.release(window_of(2));
    HeldRequests held(budget);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back([&] { held.run(); });
    REQUIRE(held.wait_for_inside(2));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    {
        std::lock_guard<std::mutex> lock(held.mutex);
        CHECK(held.inside == 2);
    }
    held.release_all(); // each answer says 250 left: the others may go
    for (auto &t : threads) t.join();
}

TEST_CASE("a request waiting for the cap stops when the host cancels") {
    RateBudget budget(1);
    budget.acquire(HostServices());
    budget.release(window_of(299));
    budget.acquire(HostServices()); // the cap is full now
    std::atomic<bool> cancel{false};
    const HostServices host(nullptr, nullptr, [&] { return cancel.load(); });
    std::thread waiter([&] {
        try {
            budget.acquire(host);
            FAIL("got in past the cap");
        } catch (const PluginError &e) {
            CHECK(e.status() == Status::cancelled);
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel = true;
    waiter.join();
    budget.release(window_of(298));
}

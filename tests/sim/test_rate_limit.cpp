// The Data API rate limit (details doc section 4, Simulator contract C.7),
// with a tiny window and limit.
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace simtest;

TEST_CASE("rate limit: headers count down, 429 past the limit, a new window after the reset", "[rate]") {
    vcsim::Options options;
    options.rate_limit = {3, std::chrono::milliseconds(1500)};
    auto sim = start_simulator(options);
    const auto base = sim->http_base_url();
    const std::string token = fetch_token(base, "students:list");

    const std::int64_t before = now_seconds();
    for (int remaining : {2, 1, 0}) {
        Response r = get_data(base, "/demo/v3/students", token);
        CHECK(r.status == 200);
        CHECK(r.header("X-Rate-Limit-Limit") == "3");
        CHECK(r.header("X-Rate-Limit-Remaining") == std::to_string(remaining));
    }
    Response limited = get_data(base, "/demo/v3/students", token);
    CHECK(limited.status == 429);
    CHECK(limited.json()->getValue<std::string>("error") == "Too Many Requests");
    CHECK_FALSE(limited.json()->getValue<std::string>("error_id").empty());
    CHECK(limited.header("X-Rate-Limit-Remaining") == "0");
    CHECK_FALSE(limited.headers.has("Retry-After"));
    const std::int64_t reset = std::stoll(limited.header("X-Rate-Limit-Reset"));
    CHECK(reset >= before + 1); // unix epoch seconds of the window's end
    CHECK(reset <= before + 3);
    CHECK(sim->counters().too_many_requests == 1);

    // Another token has its own window.
    const std::string second = fetch_token(base, "students:list");
    CHECK(get_data(base, "/demo/v3/students", second).status == 200);

    std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::seconds(reset)));
    Response after = get_data(base, "/demo/v3/students", token);
    CHECK(after.status == 200);
    CHECK(after.header("X-Rate-Limit-Remaining") == "2");
}

TEST_CASE("rate limit: 300 per 180 s by default, counted before parameter checks", "[rate]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    const std::string token = fetch_token(base, "students:list");
    const std::int64_t now = now_seconds();
    Response r = get_data(base, "/demo/v3/students?bogus=1", token);
    CHECK(r.status == 400);
    CHECK(r.header("X-Rate-Limit-Limit") == "300");
    CHECK(r.header("X-Rate-Limit-Remaining") == "299");
    const std::int64_t reset = std::stoll(r.header("X-Rate-Limit-Reset"));
    CHECK(reset >= now + 179);
    CHECK(reset <= now + 182);
    // The window does not move with later requests.
    CHECK(get_data(base, "/demo/v3/students", token).header("X-Rate-Limit-Reset") == std::to_string(reset));

    sim->set_rate_limit({1, std::chrono::seconds(60)});
    const std::string fresh = fetch_token(base, "students:list");
    CHECK(get_data(base, "/demo/v3/students", fresh).status == 200);
    CHECK(get_data(base, "/demo/v3/students", fresh).status == 429);
}

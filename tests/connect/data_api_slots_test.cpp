// DataApi with a RateBudget, against the simulator: a request slot is held
// for the HTTP exchange only. The page is read (parsed) after the slot is
// given back, so at Veracross's latency the school's other requests use it
// meanwhile; a body read again after a retry takes a slot again.
#include "fetch/data_api.hpp"
#include "fetch/rate_budget.hpp"
#include "operations/school_connection.hpp"
#include "sim_fixture.hpp"

#include <catch2/catch.hpp>

using namespace connect_test;
using namespace veracross;
using namespace std::chrono_literals;

TEST_CASE("a page's body is read after its request slot is given back, and a retry takes a slot again") {
    SimFixture f;
    const HostServices host;
    SchoolConnection conn(parse_config(f.config("imports")), host);
    RateBudget budget(1);
    DataApi api(conn.config(), conn.http(), conn.tokens(), host, &budget);
    DataRequest request;
    request.path = "students";
    request.page_size = 10;
    RetryPolicy retry;
    retry.max_attempts = 2;
    retry.first_backoff = 1ms;
    std::vector<int> in_flight_while_reading;
    const auto before = f.sim->counters().data_requests;
    api.get(request,
            [&](const std::string &body) {
                in_flight_while_reading.push_back(budget.in_flight());
                CHECK_FALSE(body.empty());
                return in_flight_while_reading.size() > 1; // the first body "cannot be read"
            },
            retry);
    CHECK(in_flight_while_reading == std::vector<int>{0, 0});
    CHECK(f.sim->counters().data_requests - before == 2);
    CHECK(budget.peak_in_flight() == 1); // each exchange held the one slot
    CHECK(budget.in_flight() == 0);
}

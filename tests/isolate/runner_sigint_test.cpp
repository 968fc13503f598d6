// Issue 19.6: the host's terminal's Ctrl-C, which reaches the runner too,
// does not end a call: the host decides what it means.
#include "runner_fixture.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <future>

TEST_CASE("runner: Ctrl-C reaching the runner does not end its call: the import finishes") {
    isolate_test::ImportUnderWay run(std::chrono::milliseconds(150));
    REQUIRE(::kill(run.runner(), SIGINT) == 0);
    REQUIRE(run.result.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    const auto result = run.result.get();
    INFO(result.json.substr(0, 300));
    CHECK(result.status == SIS_OK);
    CHECK(run.instance->connect().ok()); // the same runner, still serving
}

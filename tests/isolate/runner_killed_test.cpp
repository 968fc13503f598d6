// Issue 19.6: a runner killed mid-import (SIGKILL, as the OOM killer or a
// crash would end it) gives its caller a clear error, not a hang or a crash
// of the host; the instance then says so at once, and a new instance (a
// new runner) works.
#include "runner_fixture.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <future>

TEST_CASE("runner killed: SIGKILL mid-import gives the host a clear error and the host keeps working") {
    isolate_test::ImportUnderWay run(std::chrono::milliseconds(300));
    auto &instance = run.instance;
    const pid_t pid = run.runner();
    REQUIRE(pid > 0);
    REQUIRE(::kill(pid, SIGKILL) == 0);
    // Not a hang: the import returns (bounded well above any scheduling delay).
    REQUIRE(run.result.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    const auto result = run.result.get();
    CHECK(result.status == SIS_INTERNAL);
    CHECK_THAT(result.json, Catch::Contains(R"("code":"plugin_process_died")"));
    CHECK_THAT(result.json, Catch::Contains("ended during import_event: killed by signal 9"));
    CHECK_THAT(result.json, Catch::Contains("create a new one"));
    CHECK(result.json.find(connect_test::kSecret) == std::string::npos);
    // The dead instance answers at once with the same error; it is not restarted behind the host's back.
    const auto next = instance->connect();
    CHECK(next.status == SIS_INTERNAL);
    CHECK_THAT(next.json, Catch::Contains("ended during import_event"));
    CHECK_FALSE(instance->cancel());
    instance.reset(); // destroying a dead instance is quiet
    // A new instance starts a new runner and works.
    sis_host::CallResult error;
    auto fresh = sis_host::Instance::create(run.plugin.plugin, run.sim.config(), run.recorder.services(), error);
    INFO(error.json);
    REQUIRE(fresh);
    CHECK(fresh->process_id() != pid);
    CHECK(fresh->connect().ok());
}

// Issue 19.6: a runner killed mid-import (SIGKILL, as the OOM killer or a
// crash would end it) gives its caller a clear error, not a hang or a crash
// of the host; the instance then says so at once, and a new instance (a
// new runner) works.
#include "import_fixture.hpp"
#include "runner_fixture.hpp"
#include "sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <future>
#include <sstream>
#include <thread>

using isolate_test::Recorder;
using sis_host::Binding;
using Clock = std::chrono::steady_clock;

TEST_CASE("runner killed: SIGKILL mid-import gives the host a clear error and the host keeps working") {
    vcsim::Options slow;
    slow.latency = std::chrono::milliseconds(300);
    connect_test::SimFixture sim(slow);
    const auto plugin = isolate_test::veracross(Binding::own_process);
    Recorder recorder;
    sis_host::CallResult error;
    auto instance = sis_host::Instance::create(plugin.plugin, sim.config(), recorder.services(), error);
    REQUIRE(instance);
    std::ostringstream event;
    import_test::event_for("Semester 1").stringify(event);
    auto running = std::async(std::launch::async, [&] { return instance->import_event(event.str()); });
    const auto until = Clock::now() + std::chrono::seconds(20);
    while (recorder.progress() < 1 && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    REQUIRE(recorder.progress() >= 1);
    const pid_t pid = instance->process_id();
    REQUIRE(pid > 0);
    REQUIRE(::kill(pid, SIGKILL) == 0);
    // Not a hang: the import returns (bounded well above any scheduling delay).
    REQUIRE(running.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    const auto result = running.get();
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
    auto fresh = sis_host::Instance::create(plugin.plugin, sim.config(), recorder.services(), error);
    INFO(error.json);
    REQUIRE(fresh);
    CHECK(fresh->process_id() != pid);
    CHECK(fresh->connect().ok());
}

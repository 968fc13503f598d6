// Issue 19.6: the host's terminal's Ctrl-C, which reaches the runner too,
// does not end a call: the host decides what it means.
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

namespace {

} // namespace

TEST_CASE("runner: Ctrl-C reaching the runner does not end its call: the import finishes") {
    vcsim::Options slow;
    slow.latency = std::chrono::milliseconds(150);
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
    REQUIRE(::kill(instance->process_id(), SIGINT) == 0);
    REQUIRE(running.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    const auto result = running.get();
    INFO(result.json.substr(0, 300));
    CHECK(result.status == SIS_OK);
    CHECK(instance->connect().ok()); // the same runner, still serving
}

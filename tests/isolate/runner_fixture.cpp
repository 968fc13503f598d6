#include "runner_fixture.hpp"

#include "import_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdlib>
#include <sstream>
#include <thread>

namespace isolate_test {
namespace {

// The runner of this build, whatever folder the test runs from.
const bool runner_named = [] { return ::setenv("SIS_PLUGIN_RUNNER", RUNNER_EXE, 1) == 0; }();

} // namespace

sis_host::CheckedPlugin veracross(sis_host::Binding binding) {
    (void)runner_named;
    return sis_host::load_checked(sis_host::load_manifest(std::string(SIS_PLUGIN_DIR) + "/veracross.yaml"), binding);
}

Recorder::Recorder() {
    services_.struct_size = sizeof services_;
    services_.user_data = this;
    services_.log = &Recorder::on_log;
    services_.progress = &Recorder::on_progress;
    services_.is_cancelled = &Recorder::on_cancelled;
    services_.abi_major = SIS_ABI_MAJOR;
    services_.abi_minor = SIS_ABI_MINOR;
}

std::vector<std::string> Recorder::logs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return logs_;
}

void Recorder::on_log(void *self, sis_log_level, const char *message) {
    auto *r = static_cast<Recorder *>(self);
    std::lock_guard<std::mutex> lock(r->mutex_);
    r->logs_.push_back(message);
}

void Recorder::on_progress(void *self, const char *, uint64_t, uint64_t) { ++static_cast<Recorder *>(self)->progress_; }

int Recorder::on_cancelled(void *self) { return static_cast<Recorder *>(self)->stop ? 1 : 0; }

namespace {
vcsim::Options answering_after(std::chrono::milliseconds latency) {
    vcsim::Options options;
    options.latency = latency;
    return options;
}
} // namespace

ImportUnderWay::ImportUnderWay(std::chrono::milliseconds latency)
    : sim(answering_after(latency)), plugin(veracross(sis_host::Binding::own_process)) {
    sis_host::CallResult error;
    instance = sis_host::Instance::create(plugin.plugin, sim.config(), recorder.services(), error);
    INFO(error.json);
    REQUIRE(instance);
    std::ostringstream event;
    import_test::event_for("Semester 1").stringify(event);
    result = std::async(std::launch::async, [this, event = event.str()] { return instance->import_event(event); });
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (recorder.progress() < 1 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    REQUIRE(recorder.progress() >= 1);
}

std::string roster_of(const std::string &import_json) {
    auto doc = Poco::JSON::Parser().parse(import_json).extract<Poco::JSON::Object::Ptr>();
    doc->remove("stats");
    if (auto cursor = doc->getObject("cursor")) cursor->remove("since"); // the time of the import
    std::ostringstream out;
    doc->stringify(out);
    return out.str();
}

} // namespace isolate_test

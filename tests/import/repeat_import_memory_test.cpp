// A repeat import (the last result as "previous") must cost about what a
// first import costs. It used to build Poco trees of both the previous and
// the new result for the diff: at 20,000 students a 64 MB result took
// 2.3 GB, at 2,000 students a 6 MB one over 200 MB more than the first
// import. Now both are read as digests (roster/result_digest.hpp).
#include "import_fixture.hpp"
#include "process_memory.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace import_test;

namespace {

// The plugin's answer as text (ImportFixture::import also builds its tree,
// which would count in the peak).
std::string import_text(const ImportFixture &f, const std::string &event) {
    sis_host::CallResult result;
    auto instance = sis_host::Instance::create(f.plugin().plugin, f.config_json(), nullptr, result);
    if (instance) result = instance->import_event(event);
    INFO(result.json.substr(0, 400));
    REQUIRE(result.status == SIS_OK);
    return result.json;
}

} // namespace

TEST_CASE("a repeat import against the previous result needs little more memory than the first import") {
    if (!hardening::kMemoryBoundsMeasurable) {
        WARN("sanitizer build: the resident set measures the sanitizer, not the import");
        return;
    }
    ImportFixture f({"demo", 9, 2000});
    std::ostringstream event;
    event_for("Semester 1").stringify(event);
    const std::string first = import_text(f, event.str());
    const long after_first = hardening::peak_rss_kib();

    // The event with the first result as "previous" and a full read: the
    // same fetch and roster, plus reading the previous result and the diff.
    std::string repeat = event.str();
    repeat.pop_back();
    repeat += R"(,"full_import":true,"previous":)" + first + "}";
    const std::string second = import_text(f, repeat);
    CHECK(second.find(R"("diff":)") != std::string::npos);
    const long grown_kib = hardening::peak_rss_kib() - after_first;
    // The texts of the event here and in the plugin, of the new result there
    // and here, are each about the size of the first result, and the
    // digests are smaller: 5 times it, measured. Trees of both results, as
    // before, grew it 33 times.
    const long first_kib = static_cast<long>(first.size() / 1024);
    INFO("first result " << first_kib << " KiB; the peak grew " << grown_kib << " KiB in the repeat import");
    CHECK(grown_kib < 8 * first_kib);
}

// The event spec of `import_event` (veracross_plugin/src/roster/event_spec.cpp):
// any text gives a consistent EventSpec or PluginError(veracross::Status::invalid_config).
#include "fuzz_support.hpp"

#include "roster/event_spec.hpp"
#include "common/plugin_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    try {
        const veracross::EventSpec e = veracross::parse_event_spec(fuzz::text(data, size));
        if (e.event_id.empty() || e.name.empty()) fuzz::broken("an event spec that parses has event_id and name");
        if (e.grading_periods.empty() == e.grading_period_on.empty())
            fuzz::broken("an event spec has grading_periods or grading_period_on, not both");
        if (!e.grading_period_on.empty() && e.grading_period_on.size() != 10)
            fuzz::broken("grading_period_on is a YYYY-MM-DD date");
    } catch (const veracross::PluginError &e) {
        if (e.status() != veracross::Status::invalid_config) fuzz::broken("event spec errors are SIS_INVALID_CONFIG");
    }
    return 0;
}

// Joins a school's records into the roster of one event (the rules are in
// docs/conference-rules.md). Linear in the number of records.
#pragma once

#include "event_spec.hpp"
#include "roster.hpp"
#include "school_data.hpp"

namespace veracross {

// Throws PluginError: SIS_INVALID_CONFIG when the spec names a grading
// period or level the school does not have; SIS_NOT_FOUND when the school
// has no students at all.
Roster build_roster(const SchoolData &data, const EventSpec &spec);

} // namespace veracross

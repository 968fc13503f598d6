// Joins a school's records into the roster of one event (the rules are in
// docs/conference-rules.md). Linear in the number of records.
#pragma once

#include "roster/event_spec.hpp"
#include "roster/roster.hpp"
#include "records/school_data.hpp"

namespace veracross {

// Throws PluginError: Status::invalid_config when the spec names a grading
// period or level the school does not have; Status::not_found when the school
// has no students at all.
Roster build_roster(const SchoolData &data, const EventSpec &spec);

} // namespace veracross

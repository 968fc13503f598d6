// Which grading periods an event covers: its names resolved within one
// school year, and each period's school level, so every class is judged
// against its own level's periods (docs/conference-rules.md section 1).
#pragma once

#include "records/school_data.hpp"
#include "roster/event_spec.hpp"
#include "roster/roster.hpp"

#include <map>
#include <string>
#include <vector>

namespace veracross {

struct PeriodChoice {
    std::vector<GradingPeriodRecord> periods; // sorted by start, then id
    std::map<Id, Id> levels;                  // period id -> school level (0: every level)
    Id school_year = 0;                       // the year names resolved in (0: the school lists none)
    std::vector<RosterWarning> warnings;      // names that matched periods of several years
};

// Throws PluginError(Status::invalid_config) naming the event field to fix.
PeriodChoice choose_periods(const SchoolData &d, const EventSpec &spec);

// The school level a period belongs to: the level whose description its
// group (or its own description) names, "Upper School Quarters"; 0 when
// none does (Veracross has no level field on periods).
Id period_school_level(const GradingPeriodRecord &p, const ValueLists &lists);

// The event's school year: the one it names, else the one in session on
// its first conference day (or grading_period_on, or today), else the next
// to begin, else the last. A year spans its periods' dates. 0 when no
// period carries a school year.
Id event_school_year(const SchoolData &d, const EventSpec &spec);

} // namespace veracross

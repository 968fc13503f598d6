// The grading periods an event takes, read from docs/conference-rules.md
// section 1 for the two ground truths (conference_truth, rules_truth), apart
// from the importer: names resolve in one school year, and each period
// belongs to the school level its group names (or to every level).
#pragma once

#include "school/school.hpp"

#include <map>
#include <string>
#include <vector>

namespace vcsim {

struct EventPeriod {
    std::int64_t id = 0, level = 0; // level 0: every level
    std::string start, end;
};

struct EventPeriods {
    std::vector<EventPeriod> periods;
    // Per name that also matched periods of other years: those periods' ids
    // (the grading_period_in_several_years warning).
    std::vector<std::vector<std::string>> several_years;
    // The span of the periods a class of `level` is judged against (its
    // level's and those of no level); {"", ""} when there are none.
    std::pair<std::string, std::string> window_of(std::int64_t level) const;
    bool taken_for(std::int64_t period_id, std::int64_t level) const;
};

// Throws std::invalid_argument when the event has no periods: no period
// chosen, an unknown id or name, a name not in the event's year, a period
// without dates, or an unknown school year.
EventPeriods event_periods(const School &school, const EventQuery &query);

} // namespace vcsim

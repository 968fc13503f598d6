// What the optional scopes add to the join (docs/conference-rules.md):
// co-teachers from academics/permissions, and classes' grading periods from
// academics/class_schedules' documented grading_period_id. Each is used
// only when its collection was read (its scope granted); without it the
// join falls back to primary teachers and class dates.
#pragma once

#include "records/records.hpp"
#include "records/school_data.hpp"

#include <map>
#include <set>
#include <vector>

namespace veracross {

// Every person a permission names for a class (any role), by class, in id
// order. Empty when permissions were not read.
std::map<Id, std::set<Id>> permission_teachers(const SchoolData &d);

// The chosen grading periods each class meets in, by its class schedules.
std::map<Id, std::vector<Id>> scheduled_periods(const SchoolData &d, const std::vector<GradingPeriodRecord> &chosen);

// Whether [from, to] ("" = open on that side) holds one of the days; true
// when no days are named.
bool on_one_of(const std::vector<Date> &days, const Date &from, const Date &to);

// Whether, on one of the days, the class (begin..end) is in session and the
// student in it (late_date_enrolled..date_withdrawn); true when no days are named.
bool in_class_on_one_of(const std::vector<Date> &days, const EnrollmentRecord &e, const Date &begin, const Date &end);

} // namespace veracross

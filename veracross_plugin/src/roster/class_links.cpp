#include "roster/class_links.hpp"

#include <algorithm>

namespace veracross {

std::map<Id, std::set<Id>> permission_teachers(const SchoolData &d) {
    std::map<Id, std::set<Id>> out;
    if (!d.permissions_read) return out;
    for (const auto &p : d.permissions)
        if (p.class_id > 0 && p.person_id > 0) out[p.class_id].insert(p.person_id);
    return out;
}

std::map<Id, std::vector<Id>> scheduled_periods(const SchoolData &d, const std::vector<GradingPeriodRecord> &chosen) {
    std::set<Id> wanted;
    for (const auto &p : chosen) wanted.insert(p.id);
    std::map<Id, std::vector<Id>> out;
    for (const auto &s : d.class_schedules) {
        if (!wanted.count(s.grading_period_id)) continue;
        auto &periods = out[s.class_id];
        if (std::find(periods.begin(), periods.end(), s.grading_period_id) == periods.end())
            periods.push_back(s.grading_period_id);
    }
    return out;
}

bool on_one_of(const std::vector<Date> &days, const Date &from, const Date &to) {
    if (days.empty()) return true;
    return std::any_of(days.begin(), days.end(),
                       [&](const Date &day) { return (from.empty() || from <= day) && (to.empty() || to >= day); });
}

bool in_class_on_one_of(const std::vector<Date> &days, const EnrollmentRecord &e, const Date &begin, const Date &end) {
    const Date from = std::max(e.late_date_enrolled, begin); // "" (open) sorts first
    const Date to = e.date_withdrawn.empty() ? end : end.empty() ? e.date_withdrawn : std::min(e.date_withdrawn, end);
    return on_one_of(days, from, to);
}

} // namespace veracross

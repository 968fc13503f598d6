// What the roster unit tests share: the fall event they build rosters for,
// and a roster as they compare it: bookings as (parent, student, teacher,
// class) and every warning as (code, ids), in the roster's order. Tests compare whole lists, so a missing, extra or
// wrongly counted warning fails them.
#pragma once

#include "roster/event_spec.hpp"
#include "roster/roster.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace roster_views {

using veracross::Id;
using Bookings = std::vector<std::tuple<Id, Id, Id, Id>>;
using Warnings = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The fall conferences of these grading periods; `today` empty means the
// machine's date.
inline veracross::EventSpec fall_event(std::vector<std::string> periods = {"Fall Semester"},
                                       veracross::Date today = {}) {
    veracross::EventSpec e;
    e.event_id = "fall";
    e.name = "Fall Conferences";
    e.grading_periods = std::move(periods);
    e.today = std::move(today);
    return e;
}

inline Bookings bookings(const veracross::Roster &r) {
    Bookings out;
    for (const auto &b : r.bookings) out.emplace_back(b.parent_id, b.student_id, b.teacher_id, b.class_id);
    return out;
}

inline Warnings warnings(const veracross::Roster &r) {
    Warnings out;
    for (const auto &w : r.warnings) {
        CHECK_THAT(w.message, Catch::StartsWith(std::to_string(w.ids.size()) + " "));
        out.emplace_back(w.code, w.ids);
    }
    return out;
}

} // namespace roster_views

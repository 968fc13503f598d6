// The host's current bookings that a new roster no longer supports, with the
// reason (docs/conference-rules.md, "Bookings at risk"). A booking stands
// while the roster still lets that parent book that teacher for that child,
// through any class and any of its teachers (co-teachers too).
#pragma once

#include "roster/roster.hpp"
#include "roster/safeguard_settings.hpp"

#include <Poco/JSON/Array.h>

#include <string>
#include <vector>

namespace veracross {

struct BookingAtRisk {
    HostBooking booking;
    std::string reason;  // student_not_in_roster | parent_not_linked | parent_may_not_book | teacher_no_longer_teaches_student
    std::string message; // the reason in an admin's words
};

// In the order given; the first reason that applies (the list above, in order).
std::vector<BookingAtRisk> bookings_at_risk(const Roster &roster, const std::vector<HostBooking> &bookings);

// [{parent_id, teacher_id, student_id, reason, message}], ids as text.
Poco::JSON::Array::Ptr bookings_at_risk_json(const std::vector<BookingAtRisk> &at_risk);

} // namespace veracross

// The event's safeguard settings (issue 20): when a large change is held,
// whether the host accepts it, and the host's current bookings to check
// against the new roster. Parsed apart from the rest of the event spec.
#pragma once

#include "records/records.hpp"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace veracross {

// One booking the host holds: a parent booked a teacher about a student.
struct HostBooking {
    Id parent_id = 0, teacher_id = 0, student_id = 0;
};

struct SafeguardSettings {
    // A (non-test) import removing more than this percentage of the previous
    // result's people, or of its bookable parent-teacher pairs, is held.
    double large_change_percent = 10;
    bool accept_large_change = false; // the host accepts a held change
    bool bookings_given = false;      // `bookings` was in the event (even empty)
    std::vector<HostBooking> bookings;
};

// The event members this file reads.
bool is_safeguard_setting(const std::string &member);

// Reads them from the event object. Throws PluginError(Status::invalid_config)
// naming the member (and for bookings the item and field) to fix.
SafeguardSettings parse_safeguard_settings(const Poco::JSON::Object &event);

} // namespace veracross

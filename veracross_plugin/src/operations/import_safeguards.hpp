// The safeguards an import adds to its result (issue 20; docs/conference-rules.md):
// a large change held until the host accepts it, the host's bookings the new
// roster no longer supports, and the readiness report with the SSO preview.
#pragma once

#include "roster/event_spec.hpp"
#include "roster/json_writer.hpp"
#include "roster/roster.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace veracross {

struct SafeguardReport {
    Poco::JSON::Object::Ptr large_change;    // the numbers, when over the threshold; null otherwise
    bool held = false;                       // large, not a test import, and not accepted
    Poco::JSON::Array::Ptr bookings_at_risk; // null when the event gave no bookings
    Poco::JSON::Object::Ptr readiness;
};

// sso_match: the school's setting (email | email_or_username).
SafeguardReport check_safeguards(const Roster &roster, const EventSpec &spec, const std::string &sso_match);

// Writes large_change (when over the threshold and not held), bookings_at_risk
// (when bookings were given) and readiness into the object `out` has open.
void write_safeguards(JsonWriter &out, const SafeguardReport &report);

// The members of a held result, into the object `out` has open: the roster
// document's heading (schema, sis, school_route, event, preview), `held` and
// its counts; never its people, links or conference (nothing to publish).
void write_held_heading(JsonWriter &out, const Poco::JSON::Object &roster_document, const SafeguardReport &report);

} // namespace veracross

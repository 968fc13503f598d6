// The conference event an import is for, as the host sends it.
#pragma once

#include "common/plugin_error.hpp"
#include "records/records.hpp"
#include "roster/result_digest.hpp"
#include "roster/safeguard_settings.hpp"

#include <Poco/JSON/Object.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace veracross {

struct EventOptions {
    bool include_without_portal_access = false; // relatives whose portal access is off
    bool include_non_custodial = true;          // parents without legal custody
    bool include_advisors = false;              // advisors and homeroom teachers too
    bool split_households = true;               // one booking group per household of a student's parents
};

struct EventSpec {
    std::string event_id;
    std::string name;
    // Which classes count: grading periods by id or name, or the periods
    // that contain one date. Exactly one of the two is given.
    std::vector<std::string> grading_periods;
    Date grading_period_on;
    // The day or days of the conferences (optional): only students in class
    // on one of them count (docs/conference-rules.md).
    std::vector<Date> conference_days;
    // The school year period names resolve in, by value-list id or
    // description ("2025-2026"); empty: the current one (period_choice.hpp).
    std::string school_year;
    Date today; // not from the JSON: tests fix it; empty means the machine's date (UTC)
    // Optional filters, by value-list id or description.
    std::vector<std::string> school_levels;
    std::vector<std::string> grade_levels;
    EventOptions options;
    bool dry_run = false;              // a test import: same result, marked preview
    bool full_import = false;          // ignore the previous result's cursor: read everything
    // The last result, for the diff, the safeguards and a delta import; null when none.
    std::shared_ptr<const ResultDigest> previous;
    SafeguardSettings safeguards;      // held large changes, the host's bookings (safeguard_settings.hpp)
};

// The error for a wrong event field: "event spec: FIELD: PROBLEM", with the
// field in its details, so an admin knows what to fix.
PluginError event_spec_error(const std::string &field, const std::string &problem);

// Throws PluginError(Status::invalid_config) naming the field. `stop`, when
// given, is asked now and then while the text is read (a previous result of
// 60 MB takes a second): true ends it with PluginError(Status::cancelled).
// `previous_parts`: what to read of "previous" now.
EventSpec parse_event_spec(const std::string &json, const std::function<bool()> &stop = {},
                           ResultParts previous_parts = ResultParts::all);

// Reads `parts` of the event's "previous" again, from the same text: the
// lists a first read with ResultParts::cursor_and_heading left for later,
// read while the fetch runs. Stops as parse_event_spec does.
ResultDigest read_event_previous(const std::string &json, ResultParts parts, const std::function<bool()> &stop);

} // namespace veracross

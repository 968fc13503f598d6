// sis-host's side of the import safeguards (docs/conference-rules.md): the
// --bookings file, what a held import and the readiness report print, and
// the readiness report as CSV (the admin page's download).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace sis_cli {

// The bookings file: a JSON array of {parent_id, teacher_id, student_id}
// (ids as text or numbers). Throws UsageError naming the file, the item and
// the field to fix.
Poco::JSON::Array::Ptr read_bookings_file(const std::string &path);

// A held result (it has `held`): the numbers, the largest removals and how
// to accept.
std::string held_summary(const Poco::JSON::Object &result);

// The summary's lines for bookings_at_risk, large_change and readiness;
// empty when the result has none of them.
std::string safeguards_summary(const Poco::JSON::Object &result);

// The readiness report, one line per finding with its ids (RFC 4180 CSV):
// check, ids, kind, display_name, email, detail.
std::string readiness_csv(const Poco::JSON::Object &result);

} // namespace sis_cli

// The admin page's view of an import result: what the summary panel shows
// (counts, warnings, the diff against the last import, the grading periods
// and the levels met), small enough to poll, built from the roster JSON.
#pragma once

#include <Poco/JSON/Object.h>

#include <set>
#include <string>
#include <vector>

namespace sis_cli {

Poco::JSON::Object::Ptr roster_summary(const Poco::JSON::Object &roster);

// The top-level members roster_summary reads: a result (60+ MB at 20,000
// students) is built for these only (base/json_members.hpp). Keep in step.
extern const std::set<std::string> kRosterSummaryMembers;

} // namespace sis_cli

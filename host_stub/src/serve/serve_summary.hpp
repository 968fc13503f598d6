// The admin page's view of an import result: what the summary panel shows
// (counts, warnings, the diff against the last import, the grading periods
// and the levels met), small enough to poll, built from the roster JSON.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace sis_cli {

Poco::JSON::Object::Ptr roster_summary(const Poco::JSON::Object &roster);

} // namespace sis_cli

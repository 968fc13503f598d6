// sis-host import: the event file in, the summary and the roster out.
#pragma once

#include "base/cli.hpp"
#include "sis_host/plugin.hpp"

#include <Poco/JSON/Object.h>

#include <ostream>
#include <string>

namespace sis_cli {

// The event spec JSON for import_event: the YAML/JSON file of --event, with
// --dry-run and the roster of --previous (for the diff) added.
std::string import_request_json(const Args &args);

// Prints the result (summary text or --json) and, on success only, writes
// --out (roster JSON, or a OneRoster CSV folder with --format oneroster-csv).
// Returns the exit code.
int finish_import(const sis_host::CallResult &result, const Args &args, std::ostream &out, std::ostream &err);

// The readable summary of a roster document.
std::string import_summary(const Poco::JSON::Object &roster);
// The same from the roster's JSON text, building only the few members the
// summary reads (kSummaryMembers), not the roster's lists.
std::string import_summary_of_json(const std::string &roster_json);

} // namespace sis_cli

// sis-host import: the event file in, the summary and the roster out.
#pragma once

#include "cli.hpp"
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

} // namespace sis_cli

// sis-host import: the event file in, the summary and the roster out.
#pragma once

#include "base/cli.hpp"
#include "sis_host/plugin.hpp"

#include <Poco/JSON/Object.h>

#include <ostream>
#include <string>

namespace sis_cli {

// The request for import_event: the event spec JSON of the YAML/JSON file of
// --event, with --dry-run and the roster of --previous (for the diff) added.
struct ImportRequest {
    std::string json;
    // The --previous file and its text (also in `json`), for check_previous.
    std::string previous_file, previous_text;
};
ImportRequest read_import_request(const Args &args);

// Throws UsageError unless the --previous text is one JSON object (a file an
// import wrote). read_import_request checks only its first character: reading it
// all takes a second at 20,000 students, so this runs beside the import. The
// plugin reads the same text before any data request (a broken one costs at
// most its token request) and refuses it too.
void check_previous(const std::string &file, const std::string &text);

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

// Readable text for the results of `sis-host connect` and `sis-host scopes`:
// a checklist with a ✓ or ✗ per line and, for each ✗, what to fix. The JSON
// is the plugin's result or its error (which carries the same report);
// an error without a report renders as nothing (its message says it all).
#pragma once

#include <string>

namespace sis_cli {

std::string render_connect(const std::string &json);
std::string render_scopes(const std::string &json);

} // namespace sis_cli

// The OneRoster CSV download of the admin page: the files `sis-host import
// --format oneroster-csv` writes, in one zip.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace sis_cli {

// The zip's bytes. Throws std::runtime_error when the roster cannot be exported.
std::string oneroster_zip(const Poco::JSON::Object &roster);

} // namespace sis_cli

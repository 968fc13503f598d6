// The seven Veracross collections an import reads, and how one page of each
// becomes records. Table-driven: one fetcher serves them all.
#pragma once

#include "school_data.hpp"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace veracross {

struct ImportResource {
    std::string path;  // under /v3/, e.g. "academics/classes"
    std::string scope; // the :list scope it needs
    std::string name;  // short name for progress and warnings, e.g. "classes"
    bool has_modified_filter; // takes on_or_after_last_modified_date (delta imports)
};

const std::vector<ImportResource> &import_resources();

// Parses one page ({"data": [...], "value_lists": [...]}) into `data`.
// Returns how many records the page held (readable or not), which the
// pagination loop compares with the page size. A record that cannot be
// read becomes an UnreadableRecord; a body that is not such a page throws
// PluginError(SIS_REMOTE_ERROR).
std::size_t read_page(SchoolData &data, const ImportResource &resource, const Poco::JSON::Object &page);

} // namespace veracross

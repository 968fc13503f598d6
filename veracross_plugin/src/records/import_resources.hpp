// The seven Veracross collections an import reads. Table-driven: one
// fetcher serves them all (page_reader.hpp reads their pages).
#pragma once

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

// The optional scopes' collections (co-teachers, class terms), read when
// their scope is granted. Read whole every time, delta or not: class
// schedules have no last-modified filter, and permissions are few.
const std::vector<ImportResource> &optional_import_resources();

} // namespace veracross

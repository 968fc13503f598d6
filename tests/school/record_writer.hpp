// Turns the generator's model into Veracross Data API resources: records
// with Veracross's field names (docs/veracross-data-api.md), read shapes
// where they differ, accepted filters and value lists.
#pragma once

#include "school/school.hpp"
#include "school_model.hpp"
#include "value_lists.hpp"

#include <map>
#include <string>

namespace vcsim {

std::map<std::string, Resource> write_resources(const model::School &school, const Codes &codes);

// The scope prefix of every resource the generator makes, by path.
const std::map<std::string, std::string> &resource_scopes();

} // namespace vcsim

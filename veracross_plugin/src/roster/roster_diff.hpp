// What changed since the previous import: people, links, classes and
// enrollments added, removed, and changed (with the fields that changed).
#pragma once

#include "roster/result_digest.hpp"

#include <Poco/JSON/Object.h>

namespace veracross {

// Both arguments are digests of roster documents (result_digest.hpp). A
// previous document of another shape gives an empty diff section per list
// it lacks, never an error: the host may keep old results around.
Poco::JSON::Object::Ptr diff_rosters(const ResultDigest &previous, const ResultDigest &current);

} // namespace veracross

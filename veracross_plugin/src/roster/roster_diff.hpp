// What changed since the previous import: people, links, classes and
// enrollments added, removed, and changed (with the fields that changed).
#pragma once

#include <Poco/JSON/Object.h>

namespace veracross {

// Both arguments are roster documents as roster_to_json makes them.
// A previous document of another shape gives an empty diff section per
// list it lacks, never an error: the host may keep old results around.
Poco::JSON::Object::Ptr diff_rosters(const Poco::JSON::Object &previous, const Poco::JSON::Object &current);

} // namespace veracross

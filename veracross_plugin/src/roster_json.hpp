// The roster as the neutral, SIS-independent JSON document every SIS plugin
// returns (plugin_api/schemas/import_result.schema.json).
#pragma once

#include "event_spec.hpp"
#include "json_writer.hpp"
#include "roster.hpp"
#include "value_lists.hpp"

#include <Poco/JSON/Object.h>

namespace veracross {

struct ImportContext {
    std::string school_route;
    const EventSpec *spec = nullptr;
    const ValueLists *value_lists = nullptr;
};

// Writes the roster document's members, "schema" to "notes", into the
// object `out` has open: the importer adds its own members after them.
void write_roster(JsonWriter &out, const Roster &roster, const ImportContext &context);

// The same document as a tree, for diffs and tests: what write_roster
// writes, parsed back, so the two can never differ.
Poco::JSON::Object::Ptr roster_to_json(const Roster &roster, const ImportContext &context);

} // namespace veracross

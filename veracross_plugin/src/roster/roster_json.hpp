// The roster as the neutral, SIS-independent JSON document every SIS plugin
// returns (plugin_api/schemas/import_result.schema.json).
#pragma once

#include "roster/event_spec.hpp"
#include "roster/json_writer.hpp"
#include "roster/roster.hpp"
#include "records/value_lists.hpp"

#include <Poco/JSON/Object.h>

#include <cstddef>

namespace veracross {

struct ImportContext {
    std::string school_route;
    const EventSpec *spec = nullptr;
    const ValueLists *value_lists = nullptr;
};

// Writes the roster document's members, "schema" to "notes", into the
// object `out` has open.
void write_roster(JsonWriter &out, const Roster &roster, const ImportContext &context);

// The roster document as text: write_roster's members in an object of their
// own. `room_after`: about how many bytes the caller will add to the text
// (the cursor), so that 50+ MB of text is not copied while it grows.
std::string roster_json_text(const Roster &roster, const ImportContext &context, std::size_t room_after = 0);

// A roster document's text read back as a tree (for tests: the plugin reads
// results as digests, result_digest.hpp), its members in the order written.
Poco::JSON::Object::Ptr parse_roster_json(const std::string &text);

// roster_json_text, read back: the tree form of the same document.
Poco::JSON::Object::Ptr roster_to_json(const Roster &roster, const ImportContext &context);

} // namespace veracross

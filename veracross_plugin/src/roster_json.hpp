// The roster as the neutral, SIS-independent JSON document every SIS plugin
// returns (plugin_api/schemas/import_result.schema.json).
#pragma once

#include "event_spec.hpp"
#include "roster.hpp"
#include "value_lists.hpp"

#include <Poco/JSON/Object.h>

namespace veracross {

struct ImportContext {
    std::string school_route;
    const EventSpec *spec = nullptr;
    const ValueLists *value_lists = nullptr;
};

Poco::JSON::Object::Ptr roster_to_json(const Roster &roster, const ImportContext &context);

} // namespace veracross

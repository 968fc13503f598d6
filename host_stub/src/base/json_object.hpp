// JSON text <-> Poco object, as sis-host's commands pass plugin payloads.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <string>

namespace sis_cli {

// Throws (Poco or std) when the text is not a JSON object.
inline Poco::JSON::Object::Ptr parse_object(const std::string &json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

// A field as text; empty when it is missing or null.
inline std::string field_text(const Poco::JSON::Object &o, const std::string &key) {
    return o.isNull(key) ? std::string() : o.get(key).convert<std::string>();
}

// A plugin's error payload's "message"; the text itself when it has none or
// is not JSON (a plugin that broke the ABI's rules may send anything).
inline std::string error_message(const std::string &error_json) {
    try {
        return parse_object(error_json)->optValue<std::string>("message", error_json);
    } catch (const std::exception &) {
        return error_json;
    }
}

inline std::string json_text(const Poco::JSON::Object &o) {
    std::ostringstream s;
    o.stringify(s);
    return s.str();
}

} // namespace sis_cli

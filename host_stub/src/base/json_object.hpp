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

inline std::string json_text(const Poco::JSON::Object &o) {
    std::ostringstream s;
    o.stringify(s);
    return s.str();
}

} // namespace sis_cli

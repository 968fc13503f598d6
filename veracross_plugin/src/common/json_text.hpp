// Small helpers for building result JSON.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>
#include <string>
#include <vector>

namespace veracross {

inline Poco::JSON::Array::Ptr json_list(const std::vector<std::string> &items) {
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
    for (const auto &i : items) a->add(i);
    return a;
}

inline std::string to_json_text(const Poco::JSON::Object::Ptr &obj) {
    std::ostringstream out;
    obj->stringify(out);
    return out.str();
}

} // namespace veracross

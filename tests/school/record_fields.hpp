// Reading a Veracross record's fields, for the simulator's school builders,
// its ground truths and the school tests alike: a missing field and a null
// one read the same. Only readers, no rule: each truth keeps its own logic.
#pragma once

#include "school/school.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vcsim {

inline bool present(const Poco::JSON::Object &o, const std::string &field) { return o.has(field) && !o.isNull(field); }

inline std::int64_t id_of(const Poco::JSON::Object &o, const std::string &field = "id") {
    return present(o, field) ? o.getValue<std::int64_t>(field) : 0;
}

// The id inside a {"id", "name"} object such as "advisor"; 0 when null.
inline std::int64_t nested_id(const Poco::JSON::Object &o, const std::string &field) {
    const Poco::JSON::Object::Ptr inner = present(o, field) ? o.getObject(field) : nullptr;
    return inner ? id_of(*inner) : 0;
}

inline bool flag(const Poco::JSON::Object &o, const std::string &field) {
    return present(o, field) && o.getValue<bool>(field);
}

inline std::string text_of(const Poco::JSON::Object &o, const std::string &field) {
    return present(o, field) ? o.getValue<std::string>(field) : "";
}

// The calendar day of a date or date-time: "2025-09-02" or
// "2025-09-02T00:00:00Z" -> "2025-09-02"; "" when null. Days compare as text.
inline std::string day_of(const Poco::JSON::Object &o, const std::string &field) {
    return present(o, field) ? o.getValue<std::string>(field).substr(0, 10) : "";
}

// A resource's records; none when the school lacks it (a hand-made school
// without the optional scopes' data).
inline const std::vector<Record> &records_of(const School &school, const std::string &path) {
    static const std::vector<Record> none;
    const auto found = school.resources.find(path);
    return found != school.resources.end() ? found->second.records : none;
}

} // namespace vcsim

// The school's own descriptions of coded fields (grade_level 20 =
// "Kindergarten"), read from the value_lists Veracross sends with a page.
// Never a table of our own: every school may customise them.
#pragma once

#include "records/records.hpp"

#include <Poco/JSON/Array.h>

#include <map>
#include <string>

namespace veracross {

class ValueLists {
public:
    // Adds the lists of one response ({"fields": [...], "items": [...]}).
    // Malformed entries are skipped: a description is a nicety, not data.
    void add(const Poco::JSON::Array &value_lists);

    // Adds another school's-worth of lists (from another collection).
    void merge(const ValueLists &other);

    // The description of `id` for `field`, or "" when the school has none.
    std::string describe(const std::string &field, Id id) const;
    // The id whose description is `text` (case-insensitive), or 0.
    Id find(const std::string &field, const std::string &text) const;
    // Every id of `field` with its description (ids that are not numbers skipped).
    std::map<Id, std::string> entries(const std::string &field) const;

private:
    std::map<std::string, std::map<std::string, std::string>> by_field_; // field -> id -> description
};

} // namespace veracross

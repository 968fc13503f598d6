// Data API filter semantics (details doc, Simulator contract C.10):
// `name=value` is equality on the field Resource::filters maps it to, with
// ';' separating alternatives; names starting on_or_after_ / on_or_before_
// compare dates inclusively and accept YYYY-MM-DD or RFC 3339 date-times;
// names ending in _not (course_type_not) keep the records that do not match.
#pragma once

#include "http_exchange.hpp"
#include "served_school.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vcsim {

// Microseconds since the Unix epoch of "YYYY-MM-DD" or an RFC 3339 date-time
// (a missing offset means UTC). A plain date stands for the start of that day,
// or for its last microsecond when end_of_day is set.
std::optional<std::int64_t> parse_instant(const std::string &text, bool end_of_day = false);

bool is_date_filter(const std::string &name);
bool ends_with(const std::string &name, const std::string &suffix);

struct Selection {
    std::vector<std::size_t> rows; // index rows matching every filter, ascending
    std::string bad_parameter;     // set when a date filter's value is not a date
};

// `query` holds only names the resource accepts (checked before).
Selection select_rows(const ResourceIndex &index, const Params &query);

} // namespace vcsim

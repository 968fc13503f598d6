// Delta imports. Every import's result carries a cursor: when its fetch
// began, and the records of the collections Veracross can filter by
// last-modified date (students, relationships, grading periods, classes,
// enrollments) in a compact table form. Given that result back as
// `previous`, the next import asks those collections only for records
// modified since, fetches staff and parents whole (they have no such
// filter), and lays the changes over the cursor's records.
//
// Veracross does not report deletions: a record deleted since the cursor
// stays in a delta's roster until the next full import (docs/delta-import.md).
#pragma once

#include "roster/json_writer.hpp"
#include "records/school_data.hpp"
#include "roster/result_digest.hpp"

#include <Poco/JSON/Object.h>

#include <cstddef>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace veracross {

struct DeltaBase {
    std::string since;  // "YYYY-MM-DDTHH:MM:SSZ": ask for records modified on or after this
    SchoolData records; // the filtered collections' records, and their unreadable ones
};

// Writes the cursor for a result whose fetch began at `fetch_began`. `since`
// is set a little earlier than that, so a clock difference between Veracross
// and this machine cannot lose a change. `rate_limit`: the requests per
// window Veracross's answers said (X-Rate-Limit-Limit); 0 when none said it,
// and then the cursor has no "rate_limit".
void write_cursor(JsonWriter &out, const std::string &school_route,
                  std::chrono::system_clock::time_point fetch_began, const SchoolData &data,
                  long rate_limit = 0);

// About how many bytes write_cursor writes for `data`, a little over.
std::size_t cursor_text_estimate(const SchoolData &data);

// The base a delta import can build on, read from a previous result; nullopt
// when there is none, with `why_not` saying why for the log (empty when the
// previous result has no cursor at all).
std::optional<DeltaBase> read_delta_base(const ResultDigest &previous, const std::string &school_route,
                                         std::string &why_not);

// `fetched` holds staff and parents whole and the filtered collections'
// changed records; afterwards it holds what a full fetch would have given
// (deletions aside): the base's records with the changed ones replaced or
// added, in id order, and the base's unreadable records that did not change.
void apply_changes(SchoolData &fetched, DeltaBase base);

// Per collection it read (the seven, and permissions and class schedules
// when their scopes were granted), how many records, readable or not, the
// import that wrote `previous` saw: its cursor's "counts". Empty when there are none
// or they are unreadable: they only tell the next import how many pages to
// ask for at once (fetch/school_fetcher.hpp), so nothing depends on them.
std::map<std::string, std::uint64_t> previous_record_counts(const ResultDigest &previous);

// The requests per rate window the import that wrote `previous` was told;
// 0 when its cursor has none or it is not a positive integer. Like the
// counts, only a hint: a fresh token may start that many requests (up to
// the school's cap) before the first answer tells the window.
long previous_rate_limit(const ResultDigest &previous);

// Per filtered collection, how many records a delta fetched.
Poco::JSON::Object::Ptr changed_counts(const SchoolData &fetched);

} // namespace veracross

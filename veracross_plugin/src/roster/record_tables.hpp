// The importer's records as compact JSON tables, {"columns": [...],
// "rows": [[...], ...]}: how a delta cursor carries the records of one
// import to the next. Column names are checked on the way back, so a cursor
// written by another version of the plugin is refused, not misread.
#pragma once

#include "roster/json_writer.hpp"
#include "records/records.hpp"

#include <Poco/JSON/Object.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace veracross {

// A table that is not what write_table wrote.
struct BadTable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <class Record> void write_table(JsonWriter &out, const std::vector<Record> &records);

// Throws BadTable naming what is wrong.
template <class Record> std::vector<Record> records_from_table(const Poco::JSON::Object &table);

} // namespace veracross

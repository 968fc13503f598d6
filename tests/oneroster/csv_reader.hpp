// A CSV reader of the tests' own, so the export is checked by parsing, not
// by comparing text: RFC 4180 records (CRLF or LF), quoted fields that hold
// commas, doubled quotes and line breaks.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace oneroster_test {

// Throws std::runtime_error on text that is not CSV (a stray quote, an
// unterminated quoted field, a bare CR).
std::vector<std::vector<std::string>> parse_csv(const std::string &text);

// A file with a header: each row by column name.
struct CsvFile {
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;
};

// Throws std::runtime_error naming the file when it is missing, empty, not
// CSV, or has a row whose field count differs from the header's.
CsvFile read_csv_file(const std::string &path);

std::string read_text(const std::string &path);

// A list field of OneRoster (comma-separated values); "" is no values.
std::vector<std::string> list_field(const std::string &value);

} // namespace oneroster_test

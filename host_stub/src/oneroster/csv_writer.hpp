// CSV text as RFC 4180 writes it: CRLF after every record, and a field in
// double quotes (its quotes doubled) when it holds a comma, a quote, CR or LF.
// Bytes pass through untouched, so UTF-8 text stays UTF-8.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sis_cli {

// One field, quoted only when it must be.
std::string csv_field(const std::string &value);

// A header line and the records under it, built up then rendered once.
class CsvTable {
public:
    using Fields = std::vector<std::pair<std::string, std::string>>; // column name, value

    explicit CsvTable(std::vector<std::string> header);

    // A record given by column name; columns it does not name stay empty.
    // Throws std::logic_error for a name that is not a column, or one named twice.
    void add(const Fields &fields);

    std::size_t size() const { return records_.size(); }
    std::string text() const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> records_;
};

} // namespace sis_cli

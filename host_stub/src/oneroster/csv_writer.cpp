#include "oneroster/csv_writer.hpp"

#include <algorithm>
#include <stdexcept>

namespace sis_cli {
namespace {

void append_record(std::string &out, const std::vector<std::string> &fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += csv_field(fields[i]);
    }
    out += "\r\n";
}

} // namespace

std::string csv_field(const std::string &value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

CsvTable::CsvTable(std::vector<std::string> header) : header_(std::move(header)) {}

void CsvTable::add(const Fields &fields) {
    std::vector<std::string> record(header_.size());
    std::vector<bool> named(header_.size(), false);
    for (const auto &field : fields) {
        const auto column = std::find(header_.begin(), header_.end(), field.first);
        if (column == header_.end()) throw std::logic_error("CSV table has no column \"" + field.first + "\"");
        const auto index = static_cast<std::size_t>(column - header_.begin());
        if (named[index]) throw std::logic_error("CSV column \"" + field.first + "\" named twice in one record");
        named[index] = true;
        record[index] = field.second;
    }
    records_.push_back(std::move(record));
}

std::string CsvTable::text() const {
    std::string out;
    append_record(out, header_);
    for (const auto &record : records_) append_record(out, record);
    return out;
}

} // namespace sis_cli

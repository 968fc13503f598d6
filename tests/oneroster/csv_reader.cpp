#include "csv_reader.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace oneroster_test {

std::vector<std::vector<std::string>> parse_csv(const std::string &text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool in_quotes = false, was_quoted = false;
    auto end_field = [&] {
        record.push_back(field);
        field.clear();
        was_quoted = false;
    };
    auto end_record = [&] {
        end_field();
        records.push_back(record);
        record.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c != '"')
                field += c;
            else if (i + 1 < text.size() && text[i + 1] == '"')
                field += text[++i];
            else
                in_quotes = false;
        } else if (c == ',') {
            end_field();
        } else if (c == '\n') {
            end_record();
        } else if (c == '\r') {
            if (i + 1 >= text.size() || text[i + 1] != '\n') throw std::runtime_error("a bare CR outside quotes");
            end_record();
            ++i;
        } else if (c == '"') {
            if (was_quoted || !field.empty()) throw std::runtime_error("a quote inside an unquoted field");
            in_quotes = was_quoted = true;
        } else {
            if (was_quoted) throw std::runtime_error("text after a closing quote");
            field += c;
        }
    }
    if (in_quotes) throw std::runtime_error("a quoted field that never ends");
    if (!field.empty() || !record.empty() || was_quoted) end_record(); // no line break after the last record
    return records;
}

std::string read_text(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

CsvFile read_csv_file(const std::string &path) {
    std::vector<std::vector<std::string>> records;
    try {
        records = parse_csv(read_text(path));
    } catch (const std::runtime_error &e) {
        throw std::runtime_error(path + ": " + e.what());
    }
    if (records.empty()) throw std::runtime_error(path + ": no header");
    CsvFile file;
    file.header = records.front();
    for (std::size_t r = 1; r < records.size(); ++r) {
        if (records[r].size() != file.header.size())
            throw std::runtime_error(path + ": record " + std::to_string(r) + " has " +
                                     std::to_string(records[r].size()) + " fields for " +
                                     std::to_string(file.header.size()) + " columns");
        std::map<std::string, std::string> row;
        for (std::size_t c = 0; c < file.header.size(); ++c) row[file.header[c]] = records[r][c];
        file.rows.push_back(std::move(row));
    }
    return file;
}

std::vector<std::string> list_field(const std::string &value) {
    std::vector<std::string> items;
    std::stringstream in(value);
    for (std::string item; std::getline(in, item, ',');) items.push_back(item);
    return items;
}

} // namespace oneroster_test

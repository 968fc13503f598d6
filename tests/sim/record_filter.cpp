#include "record_filter.hpp"

#include <cctype>

namespace vcsim {

namespace {

const std::string kAfter = "on_or_after_";
const std::string kBefore = "on_or_before_";

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads exactly `width` digits at `pos`.
bool digits(const std::string &s, std::size_t &pos, std::size_t width, int &out) {
    if (pos + width > s.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < width; ++i) {
        char c = s[pos + i];
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        out = out * 10 + (c - '0');
    }
    pos += width;
    return true;
}

bool expect(const std::string &s, std::size_t &pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

} // namespace

std::optional<std::int64_t> parse_instant(const std::string &text, bool end_of_day) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0;
    if (!digits(text, pos, 4, year) || !expect(text, pos, '-') || !digits(text, pos, 2, month) ||
        !expect(text, pos, '-') || !digits(text, pos, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    const std::int64_t midnight = days_from_civil(year, month, day) * kMicrosPerDay;
    if (pos == text.size()) return end_of_day ? midnight + kMicrosPerDay - 1 : midnight;

    if (!expect(text, pos, 'T') && !expect(text, pos, 't') && !expect(text, pos, ' ')) return std::nullopt;
    int hour = 0, minute = 0, second = 0;
    if (!digits(text, pos, 2, hour) || !expect(text, pos, ':') || !digits(text, pos, 2, minute))
        return std::nullopt;
    if (expect(text, pos, ':') && !digits(text, pos, 2, second)) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::int64_t micros = 0;
    if (expect(text, pos, '.')) {
        std::int64_t scale = 100'000;
        std::size_t first = pos;
        for (; pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])); ++pos, scale /= 10)
            micros += (text[pos] - '0') * scale;
        if (pos == first) return std::nullopt;
    }
    std::int64_t offset_minutes = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos++] == '-' ? -1 : 1;
        int off_hours = 0, off_minutes = 0;
        if (!digits(text, pos, 2, off_hours)) return std::nullopt;
        expect(text, pos, ':');
        if (!digits(text, pos, 2, off_minutes)) return std::nullopt;
        offset_minutes = sign * (off_hours * 60 + off_minutes);
    }
    if (pos != text.size()) return std::nullopt;
    const std::int64_t seconds = hour * 3600 + minute * 60 + second - offset_minutes * 60;
    return midnight + seconds * kMicrosPerSecond + micros;
}

bool ends_with(const std::string &name, const std::string &suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_date_filter(const std::string &name) {
    return name.compare(0, kAfter.size(), kAfter) == 0 || name.compare(0, kBefore.size(), kBefore) == 0;
}

Selection select_rows(const ResourceIndex &index, const Params &query) {
    Selection selection;
    // Each filter as a predicate on a row; all must hold.
    struct Clause {
        const FieldColumn *column;
        std::vector<std::string> alternatives; // equality
        std::optional<std::int64_t> lower, upper;
        bool negated; // course_type_not: none of the alternatives
    };
    std::vector<Clause> clauses;
    for (const auto &[name, value] : query) {
        const std::string &field = index.resource.filters.at(name);
        if (field.empty()) continue; // accepted, filters nothing (Resource::filters)
        Clause clause{&index.column(field), {}, std::nullopt, std::nullopt, ends_with(name, "_not")};
        if (is_date_filter(name)) {
            const bool after = name.compare(0, kAfter.size(), kAfter) == 0;
            auto bound = parse_instant(value, !after);
            if (!bound) {
                selection.bad_parameter = name;
                return selection;
            }
            (after ? clause.lower : clause.upper) = bound;
        } else {
            std::size_t start = 0;
            for (std::size_t semi; (semi = value.find(';', start)) != std::string::npos; start = semi + 1)
                clause.alternatives.push_back(value.substr(start, semi - start));
            clause.alternatives.push_back(value.substr(start));
        }
        clauses.push_back(std::move(clause));
    }

    auto matches = [&](const Clause &clause, std::size_t row) {
        if (clause.lower || clause.upper) {
            const auto &instant = clause.column->instant[row];
            return instant && (!clause.lower || *instant >= *clause.lower) &&
                   (!clause.upper || *instant <= *clause.upper);
        }
        const auto &text = clause.column->text[row];
        if (!text) return clause.negated;
        for (const auto &alternative : clause.alternatives)
            if (*text == alternative) return !clause.negated;
        return clause.negated;
    };
    for (std::size_t row = 0; row < index.ids.size(); ++row) {
        bool keep = true;
        for (const auto &clause : clauses) keep = keep && matches(clause, row);
        if (keep) selection.rows.push_back(row);
    }
    return selection;
}

} // namespace vcsim

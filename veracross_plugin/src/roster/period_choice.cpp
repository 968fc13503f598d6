#include "roster/period_choice.hpp"

#include "common/plugin_error.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace veracross {
namespace {

// Days since 1970-01-01 of a "YYYY-MM-DD" date (Howard Hinnant's algorithm).
long days_of(const Date &d) {
    int y = std::stoi(d.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(d.substr(5, 2)));
    const unsigned day = static_cast<unsigned>(std::stoi(d.substr(8, 2)));
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

std::string year_name(const ValueLists &lists, Id year) {
    const std::string d = lists.describe("school_year", year);
    return d.empty() ? "school year " + std::to_string(year) : d;
}

std::string year_names(const ValueLists &lists, const std::set<Id> &years) {
    std::string out;
    std::size_t i = 0;
    for (Id y : years) {
        out += (i == 0 ? "" : i + 1 == years.size() ? " and " : ", ") + year_name(lists, y);
        ++i;
    }
    return out;
}

bool names(const GradingPeriodRecord &p, const std::string &wanted) {
    return Poco::icompare(p.description, wanted) == 0 ||
           (!p.abbreviation.empty() && Poco::icompare(p.abbreviation, wanted) == 0);
}

// The school year named by the event, by value-list id or description.
Id named_year(const SchoolData &d, const std::string &wanted, const std::set<Id> &listed) {
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(wanted, id)) id = d.value_lists.find("school_year", wanted);
    if (!id || !listed.count(id)) {
        std::set<std::string> known;
        for (Id y : listed) known.insert(year_name(d.value_lists, y));
        std::string list;
        for (const auto &k : known) list += (list.empty() ? "" : ", ") + k;
        throw event_spec_error("school_year", "the school has no grading period in school year '" + wanted +
                                          "' (its periods are of: " + (list.empty() ? "no school year" : list) + ")");
    }
    return id;
}

} // namespace

Id period_school_level(const GradingPeriodRecord &p, const ValueLists &lists) {
    const std::string text = Poco::toLower(p.group_description + " " + p.description);
    Id best = 0;
    std::size_t best_length = 0;
    for (const auto &[id, description] : lists.entries("school_level")) {
        const std::string level = Poco::toLower(Poco::trim(description));
        if (!level.empty() && level.size() > best_length && text.find(level) != std::string::npos) {
            best = id;
            best_length = level.size();
        }
    }
    return best;
}

Id event_school_year(const SchoolData &d, const EventSpec &spec) {
    // Each year's span: its periods' earliest start to latest end.
    std::map<Id, std::pair<Date, Date>> spans;
    for (const auto &p : d.grading_periods) {
        if (!p.school_year || p.start.empty() || p.end.empty()) continue;
        auto [it, added] = spans.emplace(p.school_year, std::make_pair(p.start, p.end));
        if (!added) {
            it->second.first = std::min(it->second.first, p.start);
            it->second.second = std::max(it->second.second, p.end);
        }
    }
    std::set<Id> listed;
    for (const auto &p : d.grading_periods)
        if (p.school_year) listed.insert(p.school_year);
    if (!spec.school_year.empty()) return named_year(d, spec.school_year, listed);
    if (spans.empty()) return listed.empty() ? 0 : *listed.begin();
    Date day = !spec.conference_days.empty() ? *std::min_element(spec.conference_days.begin(), spec.conference_days.end())
               : !spec.grading_period_on.empty() ? spec.grading_period_on
               : !spec.today.empty()             ? spec.today
                                                 : Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%d");
    // The year in session on that day (the later one if two overlap), else
    // the next to begin (conferences are planned ahead), else the last one.
    Id in_session = 0, next = 0, last = 0;
    Date in_session_start, next_start, last_start;
    for (const auto &[year, span] : spans) {
        if (span.first <= day && day <= span.second && span.first >= in_session_start) {
            in_session = year;
            in_session_start = span.first;
        }
        if (span.first > day && (!next || span.first < next_start)) {
            next = year;
            next_start = span.first;
        }
        if (span.first >= last_start) {
            last = year;
            last_start = span.first;
        }
    }
    return in_session ? in_session : next ? next : last;
}

PeriodChoice choose_periods(const SchoolData &d, const EventSpec &spec) {
    PeriodChoice out;
    out.school_year = event_school_year(d, spec);
    std::set<Id> seen;
    auto take = [&](const GradingPeriodRecord &p) {
        if (seen.insert(p.id).second) out.periods.push_back(p);
    };
    if (!spec.grading_period_on.empty()) {
        // The most specific periods containing the date, per school level: a
        // quarter rather than the semester or year around it.
        std::map<Id, long> best; // school level -> shortest span
        auto contains = [&](const GradingPeriodRecord &p) {
            return !p.start.empty() && !p.end.empty() && p.start <= spec.grading_period_on &&
                   p.end >= spec.grading_period_on;
        };
        for (const auto &p : d.grading_periods) {
            if (!contains(p)) continue;
            const long span = days_of(p.end) - days_of(p.start);
            auto [it, added] = best.emplace(period_school_level(p, d.value_lists), span);
            if (!added) it->second = std::min(it->second, span);
        }
        for (const auto &p : d.grading_periods)
            if (contains(p) && days_of(p.end) - days_of(p.start) == best.at(period_school_level(p, d.value_lists)))
                take(p);
        if (out.periods.empty())
            throw event_spec_error("grading_period_on", "no grading period of the school contains " +
                                                    spec.grading_period_on);
    }
    // A name resolves within the event's school year; an id is taken as is.
    const auto in_year = [&](const GradingPeriodRecord &p) {
        return !out.school_year || !p.school_year || p.school_year == out.school_year;
    };
    for (const auto &wanted : spec.grading_periods) {
        Poco::Int64 id = 0;
        const bool numeric = Poco::NumberParser::tryParse64(wanted, id);
        std::vector<const GradingPeriodRecord *> by_id, by_name;
        for (const auto &p : d.grading_periods) {
            if (numeric && p.id == id) by_id.push_back(&p);
            else if (names(p, wanted)) by_name.push_back(&p);
        }
        for (const auto *p : by_id) take(*p);
        if (by_id.empty() && by_name.empty()) {
            std::string listed_names;
            std::set<std::string> listed;
            for (const auto &p : d.grading_periods)
                if (in_year(p) && listed.insert(p.description).second && listed.size() <= 20)
                    listed_names += (listed_names.empty() ? "" : ", ") + p.description;
            throw event_spec_error("grading_periods", "the school has no grading period '" + wanted + "' (it has: " +
                                                  (listed_names.empty() ? "none" : listed_names) + ")");
        }
        std::set<Id> other_years;
        std::vector<std::string> left_out;
        std::size_t taken = 0;
        for (const auto *p : by_name) {
            if (in_year(*p)) {
                take(*p);
                ++taken;
            } else {
                other_years.insert(p->school_year);
                left_out.push_back(std::to_string(p->id));
            }
        }
        if (!by_name.empty() && taken == 0 && by_id.empty())
            throw event_spec_error("grading_periods", "'" + wanted + "' is a grading period of " +
                                                  year_names(d.value_lists, other_years) + " only, not of " +
                                                  year_name(d.value_lists, out.school_year) +
                                                  ", the event's school year: name the year in school_year");
        if (taken && !other_years.empty()) {
            std::set<Id> all = other_years;
            all.insert(out.school_year);
            out.warnings.push_back(
                {"grading_period_in_several_years",
                 std::to_string(left_out.size()) + " grading period(s) named '" + wanted + "' are of " +
                     year_names(d.value_lists, all) + ": the event took those of " +
                     year_name(d.value_lists, out.school_year) +
                     " and left these out (name another year in the event's school_year)",
                 left_out});
        }
    }
    for (const auto &p : out.periods)
        if (p.start.empty() || p.end.empty())
            throw event_spec_error("grading_periods", "grading period '" + p.description + "' (" + std::to_string(p.id) +
                                                  ") has no start or end date in Veracross");
    std::sort(out.periods.begin(), out.periods.end(),
              [](const auto &a, const auto &b) { return std::tie(a.start, a.id) < std::tie(b.start, b.id); });
    for (const auto &p : out.periods) out.levels[p.id] = period_school_level(p, d.value_lists);
    return out;
}

} // namespace veracross

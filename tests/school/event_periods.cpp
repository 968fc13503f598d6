#include "school/event_periods.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace vcsim {
namespace {

using Id = std::int64_t;
using Poco::JSON::Object;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}
bool has(const Object &o, const std::string &f) { return o.has(f) && !o.isNull(f); }
std::string str(const Object &o, const std::string &f) { return has(o, f) ? o.get(f).convert<std::string>() : ""; }
Id num(const Object &o, const std::string &f) { return has(o, f) ? o.getValue<Id>(f) : 0; }

// Every value-list item of `field` the school sends with any collection.
std::map<Id, std::string> value_list(const School &school, const std::string &field) {
    std::map<Id, std::string> out;
    for (const auto &[path, resource] : school.resources) {
        if (!resource.value_lists) continue;
        for (std::size_t i = 0; i < resource.value_lists->size(); ++i) {
            const auto list = resource.value_lists->getObject(static_cast<unsigned>(i));
            const auto fields = list ? list->getArray("fields") : nullptr;
            const auto items = list ? list->getArray("items") : nullptr;
            if (!fields || !items) continue;
            bool mine = false;
            for (std::size_t f = 0; f < fields->size(); ++f) mine |= fields->get(static_cast<unsigned>(f)).toString() == field;
            if (!mine) continue;
            for (std::size_t j = 0; j < items->size(); ++j) {
                const auto item = items->getObject(static_cast<unsigned>(j));
                if (item && has(*item, "id")) out[num(*item, "id")] = str(*item, "description");
            }
        }
    }
    return out;
}

} // namespace

std::pair<std::string, std::string> EventPeriods::window_of(Id level) const {
    std::pair<std::string, std::string> w;
    for (const EventPeriod &p : periods) {
        if (p.level && p.level != level) continue;
        if (w.first.empty() || p.start < w.first) w.first = p.start;
        if (w.second.empty() || p.end > w.second) w.second = p.end;
    }
    return w;
}

bool EventPeriods::taken_for(Id period_id, Id level) const {
    return std::any_of(periods.begin(), periods.end(),
                       [&](const EventPeriod &p) { return p.id == period_id && (!p.level || p.level == level); });
}

EventPeriods event_periods(const School &school, const EventQuery &q) {
    const auto found = school.resources.find("academics/config/grading_periods");
    if (found == school.resources.end()) throw std::invalid_argument("no grading periods");
    const std::vector<Record> &all = found->second.records;
    const auto levels = value_list(school, "school_level");
    const auto years = value_list(school, "school_year");

    // A period's level: the longest level description its group or name contains.
    const auto level_of = [&](const Object &p) {
        const Object::Ptr group = has(p, "group") ? p.getObject("group") : nullptr;
        const std::string text = lower((group ? str(*group, "description") : "") + " " + str(p, "description"));
        Id best = 0;
        std::size_t length = 0;
        for (const auto &[id, name] : levels)
            if (!name.empty() && name.size() > length && text.find(lower(name)) != std::string::npos) best = id, length = name.size();
        return best;
    };

    // The event's year: named, else in session on the reference day, else the next, else the last.
    std::map<Id, std::pair<std::string, std::string>> spans;
    for (const Record &p : all) {
        const Id y = num(*p, "school_year");
        const std::string s = str(*p, "start_date").substr(0, 10), e = str(*p, "end_date").substr(0, 10);
        if (!y || s.empty() || e.empty()) continue;
        auto &span = spans[y];
        if (span.first.empty() || s < span.first) span.first = s;
        if (span.second.empty() || e > span.second) span.second = e;
    }
    Id year = 0;
    if (!q.school_year.empty()) {
        for (const Record &p : all) {
            const Id y = num(*p, "school_year");
            if (y && (std::to_string(y) == q.school_year || lower(years.count(y) ? years.at(y) : "") == lower(q.school_year)))
                year = y;
        }
        if (!year) throw std::invalid_argument("unknown school year");
    } else if (!spans.empty()) {
        std::string day = q.today.empty() ? Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%d") : q.today;
        if (!q.conference_days.empty()) day = *std::min_element(q.conference_days.begin(), q.conference_days.end());
        std::vector<std::pair<std::string, Id>> by_start; // (start, year), in order
        for (const auto &[y, span] : spans) by_start.emplace_back(span.first, y);
        std::sort(by_start.begin(), by_start.end());
        for (const auto &[start, y] : by_start)
            if (start <= day && day <= spans.at(y).second) year = y; // the later start wins
        if (!year)
            for (const auto &[start, y] : by_start)
                if (start > day) {
                    year = y;
                    break;
                }
        if (!year) year = by_start.back().second;
    }

    EventPeriods out;
    std::set<Id> taken;
    auto take = [&](const Object &p) {
        if (!taken.insert(num(p, "id")).second) return;
        const std::string s = str(p, "start_date").substr(0, 10), e = str(p, "end_date").substr(0, 10);
        if (s.empty() || e.empty()) throw std::invalid_argument("a chosen grading period has no dates");
        out.periods.push_back({num(p, "id"), level_of(p), s, e});
    };
    for (Id id : q.grading_period_ids) {
        bool any = false;
        for (const Record &p : all)
            if (num(*p, "id") == id) take(*p), any = true;
        if (!any) throw std::invalid_argument("unknown grading period id");
    }
    for (const std::string &name : q.grading_period_names) {
        std::size_t in_year = 0;
        std::vector<std::string> others;
        for (const Record &p : all) {
            if (lower(str(*p, "description")) != lower(name) && lower(str(*p, "abbreviation")) != lower(name)) continue;
            const Id y = num(*p, "school_year");
            if (!year || !y || y == year) take(*p), ++in_year;
            else others.push_back(std::to_string(num(*p, "id")));
        }
        if (!in_year) throw std::invalid_argument("no grading period '" + name + "' in the event's year");
        if (!others.empty()) out.several_years.push_back(others);
    }
    if (out.periods.empty()) throw std::invalid_argument("no grading period chosen");
    return out;
}

} // namespace vcsim

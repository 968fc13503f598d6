#include "roster/large_change_hold.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace veracross {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kTeachersShown = 10; // the teachers losing the most pairs
constexpr std::size_t kPeopleShown = 20;   // removed people listed by id; the counts say the rest

double percent(std::size_t part, std::size_t whole) {
    return whole ? std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0 : 0.0;
}

Object::Ptr share(std::size_t before, std::size_t removed) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("before", before);
    o->set("removed", removed);
    o->set("percent", percent(removed, before));
    return o;
}

} // namespace

double LargeChange::people_percent() const { return 100.0 * people_removed / (people_before ? people_before : 1); }
double LargeChange::pairs_percent() const { return 100.0 * pairs_removed / (pairs_before ? pairs_before : 1); }
bool LargeChange::large() const {
    return people_percent() > threshold_percent || pairs_percent() > threshold_percent;
}

LargeChange measure_large_change(const ResultDigest &previous, const Roster &current, double threshold_percent) {
    LargeChange c;
    c.threshold_percent = threshold_percent;

    std::set<std::string> now_people;
    for (const auto &p : current.people) now_people.insert(std::to_string(p.id));
    std::set<std::pair<std::string, std::string>> now_pairs;
    for (const auto &b : current.bookings) now_pairs.insert({std::to_string(b.parent_id), std::to_string(b.teacher_id)});

    // People by id (a person listed under two kinds counts once).
    const std::map<std::string, PersonLine> &before = previous.people;
    std::map<std::string, std::size_t> removed_by_kind;
    Array::Ptr removed_people = new Array;
    for (const auto &[id, p] : before) {
        if (now_people.count(id)) continue;
        ++c.people_removed;
        ++removed_by_kind[p.kind];
        if (removed_people->size() < kPeopleShown) {
            Object::Ptr row = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            row->set("id", id);
            row->set("kind", p.kind);
            row->set("display_name", p.display_name);
            removed_people->add(row);
        }
    }
    c.people_before = before.size();

    std::map<std::string, std::pair<std::size_t, std::size_t>> by_teacher; // before, removed
    const std::set<std::pair<std::string, std::string>> &pairs_before = previous.bookable_pairs;
    for (const auto &pair : pairs_before) {
        auto &counts = by_teacher[pair.second];
        ++counts.first;
        if (!now_pairs.count(pair)) {
            ++counts.second;
            ++c.pairs_removed;
        }
    }
    c.pairs_before = pairs_before.size();

    std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> teachers(by_teacher.begin(),
                                                                                     by_teacher.end());
    teachers.erase(std::remove_if(teachers.begin(), teachers.end(), [](const auto &t) { return t.second.second == 0; }),
                   teachers.end());
    std::stable_sort(teachers.begin(), teachers.end(),
                     [](const auto &a, const auto &b) { return a.second.second > b.second.second; });
    Array::Ptr largest = new Array;
    for (std::size_t i = 0; i < teachers.size() && i < kTeachersShown; ++i) {
        Object::Ptr row = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        row->set("teacher_id", teachers[i].first);
        const auto named = before.find(teachers[i].first);
        row->set("display_name", named == before.end() ? std::string() : named->second.display_name);
        row->set("pairs_before", teachers[i].second.first);
        row->set("pairs_removed", teachers[i].second.second);
        largest->add(row);
    }

    Object::Ptr kinds = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto &[kind, n] : removed_by_kind) kinds->set(kind, n);
    c.details = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    c.details->set("threshold_percent", threshold_percent);
    c.details->set("people", share(c.people_before, c.people_removed));
    c.details->set("bookable_pairs", share(c.pairs_before, c.pairs_removed));
    c.details->set("people_removed_by_kind", kinds);
    c.details->set("teachers_losing_most_pairs", largest);
    c.details->set("removed_people", removed_people);
    return c;
}

} // namespace veracross

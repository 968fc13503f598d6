// booking_groups_truth: split households (docs/conference-rules.md 6a) from
// what the generator knows: the household it put each parent in. Shares no
// code with the importer; the bookable pairs come from conference_truth.
#include "school/school.hpp"
#include "school/record_fields.hpp"

#include <set>
#include <unordered_map>

namespace vcsim {
namespace {

using Id = std::int64_t;
using Poco::JSON::Object;

// The resident flag of the record a pair's link shows: of the deciding
// records (the student's own when there are any, else the reverse ones),
// the lowest id that allows booking.
struct Shown {
    Id natural_id = 0, reverse_id = 0;
    bool natural_resident = false, reverse_resident = false, any_natural = false;
    bool resident() const { return any_natural ? natural_resident : reverse_resident; }
};

} // namespace

std::map<std::pair<Id, Id>, std::string> booking_groups_truth(const School &school, const EventQuery &query) {
    // Who books for whom: the pairs of every booking.
    std::map<Id, std::set<Id>> parents_of; // student -> parents who book
    for (const Booking &b : conference_truth(school, query)) parents_of[b.student_id].insert(b.parent_id);

    std::unordered_map<Id, Id> student_home;
    for (const Record &s : records_of(school, "students")) student_home[id_of(*s, "id")] = id_of(*s, "household_id");
    std::set<Id> is_parent;
    for (const Record &p : records_of(school, "parents")) is_parent.insert(id_of(*p, "id"));

    std::map<std::pair<Id, Id>, Shown> shown; // (parent, student)
    for (const Record &r : records_of(school, "relationships")) {
        const Id person = id_of(*r, "person_id"), related = id_of(*r, "related_person_id");
        const bool natural = student_home.count(person) && is_parent.count(related);
        if (!natural && !(is_parent.count(person) && student_home.count(related))) continue;
        Shown &s = shown[natural ? std::make_pair(related, person) : std::make_pair(person, related)];
        s.any_natural |= natural;
        const bool allows = !flag(*r, "related_person_is_deceased") &&
                            (flag(*r, "parent_portal_access") || query.include_without_portal_access) &&
                            (flag(*r, "legal_custody") || query.include_non_custodial);
        if (!allows) continue;
        Id &lowest = natural ? s.natural_id : s.reverse_id;
        if (lowest && lowest < id_of(*r, "id")) continue;
        lowest = id_of(*r, "id");
        (natural ? s.natural_resident : s.reverse_resident) = flag(*r, "resident");
    }

    std::map<std::pair<Id, Id>, std::string> out;
    for (const auto &[student, parents] : parents_of) {
        std::map<Id, std::string> label; // parent -> group
        for (Id parent : parents) {
            const auto home = school.parent_homes.find(parent);
            const Id household = home == school.parent_homes.end() ? 0 : home->second;
            if (household)
                label[parent] = "household-" + std::to_string(household);
            else if (shown[{parent, student}].resident() && student_home[student])
                label[parent] = "household-" + std::to_string(student_home[student]);
            else
                label[parent] = "parent-" + std::to_string(parent);
        }
        std::set<std::string> distinct;
        for (const auto &entry : label) distinct.insert(entry.second);
        const bool split = query.split_households && distinct.size() > 1;
        for (const auto &[parent, group] : label) out[{parent, student}] = split ? group : "";
    }
    return out;
}

} // namespace vcsim

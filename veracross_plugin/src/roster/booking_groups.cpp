#include "roster/booking_groups.hpp"

#include <set>

namespace veracross {

std::string household_group(const ParentHome &parent, Id student_household) {
    if (parent.household_id) return "household-" + std::to_string(parent.household_id);
    // No household of their own: one who lives with the child is in the
    // child's; anyone else books alone rather than in a home they may not share.
    if (parent.resident && student_household) return "household-" + std::to_string(student_household);
    return "parent-" + std::to_string(parent.parent_id);
}

std::map<std::pair<Id, Id>, std::string> booking_groups(Id student_id, Id student_household,
                                                        const std::vector<ParentHome> &parents) {
    std::map<std::pair<Id, Id>, std::string> groups;
    std::set<std::string> distinct;
    for (const ParentHome &p : parents) {
        const std::string group = household_group(p, student_household);
        distinct.insert(group);
        groups[{p.parent_id, student_id}] = group;
    }
    if (distinct.size() < 2) groups.clear(); // one household: nothing to split
    return groups;
}

} // namespace veracross

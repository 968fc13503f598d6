// Split households (docs/conference-rules.md, "Split households"): a
// student whose parents who may book live in different households gets one
// booking group per household, so each household books its own slot.
#pragma once

#include "records/records.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace veracross {

// Where one parent who may book for a student lives, as Veracross says it.
struct ParentHome {
    Id parent_id = 0;
    Id household_id = 0;   // the /parents record's (else the staff record's); 0: none
    bool resident = false; // the link's relationship record says the parent lives with the student
};

// The group a parent books in for a student: "household-<id>" of the
// parent's household; for a parent in none, the student's household when
// the parent lives with the student, else "parent-<parent id>". Built from
// Veracross ids only, so a re-import gives the same group.
std::string household_group(const ParentHome &parent, Id student_household);

// The booking group of each (parent, student) pair, for one student's
// parents who may book: their groups when there are two or more; empty
// (no split: the student books as one) when they all share one.
std::map<std::pair<Id, Id>, std::string> booking_groups(Id student_id, Id student_household,
                                                        const std::vector<ParentHome> &parents);

} // namespace veracross

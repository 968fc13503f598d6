// rules_truth: the whole conference view an event should give (bookings,
// warnings, people, links, classes), judged from docs/conference-rules.md
// one (parent, student, teacher, class) candidate at a time. It is a second
// ground truth, written apart from both the importer and conference_truth
// (which walk the same six steps in the same order), so that a misreading
// the two share still shows. Every part is a multiset of short texts: a
// duplicate, a missing or an extra entry all show in a comparison.
#pragma once

#include "school/school.hpp"

#include <set>
#include <string>

namespace vcsim {

struct ConferenceView {
    std::multiset<std::string> bookings; // "parent student teacher class reason" (class "-" for advisor/homeroom)
    std::multiset<std::string> warnings; // "code: id id ..." (ids in text order)
    std::multiset<std::string> people;   // "id roles": "7 teacher,parent" (roles in the order teacher, student, parent)
    std::multiset<std::string> links;    // "parent student may_book" or "... may_not_book"
    std::multiset<std::string> classes;  // "id teacher teacher..." (teachers ascending; "-" when the class has none)
};

// Throws std::invalid_argument when the query has no window (no period, an
// unknown period, or a period without dates): the import must fail then.
ConferenceView rules_truth(const School &school, const EventQuery &query);

// One text per warning, as ConferenceView::warnings holds it.
std::string warning_text(const std::string &code, std::vector<std::string> ids);

} // namespace vcsim

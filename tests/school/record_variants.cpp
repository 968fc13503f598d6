// Pairs with several records. Veracross keeps an old relationship record
// beside the current one (access changed, a record entered twice), so some
// pairs of a generated school get a second student's record: one of the two
// refuses (no portal access), and the refusing one is listed first for half
// of these pairs and last for the other half (docs/conference-rules.md,
// step 5: any deciding record that allows is enough). Made after every other
// step and without the random stream, so the rest of the school is the same.
#include "generation_context.hpp"

#include <set>

namespace vcsim {

void add_duplicate_records(GenerationContext &ctx) {
    constexpr int kEvery = 19; // about one pair in 19 of those that may book
    std::set<Id> students, parents;
    for (const auto &s : ctx.school.students)
        if (!s.in_scripted_family) students.insert(s.id);
    for (const auto &p : ctx.school.parents) parents.insert(p.id);
    std::vector<model::Relationship> added;
    int candidates = 0;
    for (auto &r : ctx.school.relationships) {
        if (!students.count(r.person_id) || !parents.count(r.related_person_id) || !r.portal_access || r.deceased)
            continue;
        if (++candidates % kEvery != 0) continue;
        model::Relationship second = r;
        second.id = ctx.relationship_ids.next(ctx.rng); // a step of 1: draws nothing
        second.portal_access = false;
        // Records are listed by id: the refusing one first, every other time.
        if ((candidates / kEvery) % 2) std::swap(r.portal_access, second.portal_access);
        added.push_back(second);
    }
    ctx.school.relationships.insert(ctx.school.relationships.end(), added.begin(), added.end());
}

} // namespace vcsim

// The cases docs/conference-rules.md names that the other steps leave out:
// last school year's grading periods still listed (so "Semester 1" names
// two years), a teacher who left mid-year still on classes, a parent
// sharing a teacher's email, a class whose teacher is not in
// /staff_faculty, and an enrollment of a student Veracross does not list.
// Made after the academics and without the random stream (fixed choices,
// id sequences of step 1), so the rest of the school is the same; the last
// two on the records, after they are written.
#include "generation_context.hpp"
#include "school/school.hpp"

#include <algorithm>
#include <set>

namespace vcsim {

namespace {

bool current(const model::SchoolClass &c) { return c.school_year == kSchoolYear; }

} // namespace

void add_rules_cases(GenerationContext &ctx) {
    model::School &school = ctx.school;
    // Last year's periods, a year (52 weeks) earlier: the same names.
    const std::vector<model::GradingPeriod> this_year = school.grading_periods;
    for (model::GradingPeriod p : this_year) {
        p.id = ctx.grading_period_ids.next(ctx.rng); // a step of 1: draws nothing
        p.school_year = kSchoolYear - 1;
        p.start -= 364;
        p.end -= 364;
        school.grading_periods.push_back(p);
    }

    std::map<Id, std::size_t> enrolled; // class -> enrollments
    for (const auto &e : school.enrollments) ++enrolled[e.class_id];
    const std::set<Id> special{school.staff_parent_id, school.aunt_teacher_id, school.counselor_id};
    auto staff_member = [&](Id id) {
        return std::find_if(school.staff.begin(), school.staff.end(), [&](const auto &s) { return s.id == id; });
    };
    // A Middle School teacher who left before Semester 1 ends, still the
    // teacher of their classes (Quarter 1 ends before: still bookable then).
    Id terminated = 0;
    for (const auto &c : school.classes)
        if (current(c) && c.level == 1 && c.teacher_id && !special.count(c.teacher_id) && enrolled[c.id]) {
            terminated = c.teacher_id;
            staff_member(terminated)->date_terminated = day_number(kSchoolYear, 12, 19);
            break;
        }
    school.terminated_teacher_id = terminated;

    // A parent who may book, sharing the email of their child's teacher.
    std::map<Id, std::vector<Id>> classes_of;
    for (const auto &e : school.enrollments) classes_of[e.student_id].push_back(e.class_id);
    std::map<Id, const model::SchoolClass *> class_by_id;
    for (const auto &c : school.classes) class_by_id[c.id] = &c;
    std::set<Id> staff_ids;
    for (const auto &s : school.staff) staff_ids.insert(s.id);
    for (const auto &s : school.students) {
        if (s.in_scripted_family || school.shared_email_parent_id) continue;
        for (Id class_id : classes_of[s.id]) {
            const model::SchoolClass &c = *class_by_id.at(class_id);
            if (!current(c) || c.level != 2 || !c.teacher_id || c.teacher_id == terminated || special.count(c.teacher_id))
                continue;
            const auto teacher = staff_member(c.teacher_id);
            if (!teacher->email) continue;
            for (const auto &r : school.relationships) {
                if (r.person_id != s.id || !r.portal_access || !r.legal_custody || r.deceased || staff_ids.count(r.related_person_id))
                    continue;
                for (auto &p : school.parents)
                    if (p.id == r.related_person_id && p.email) {
                        p.email = *teacher->email;
                        school.shared_email_parent_id = p.id;
                    }
                if (school.shared_email_parent_id) break;
            }
            if (school.shared_email_parent_id) break;
        }
    }

}

// Made on the records (the model holds only people who exist): the class
// whose teacher is not listed, and the enrollment of an unlisted student.
void add_unlisted_references(School &school, Id lower_school) {
    using Poco::JSON::Object;
    auto &classes = school.resources.at("academics/classes");
    auto &enrollments = school.resources.at("academics/enrollments");
    // Ids far past every person's: change_school numbers new people from the last one up.
    Id last_person = 0;
    for (const char *people : {"staff_faculty", "parents", "students"})
        for (const Record &r : school.resources.at(people).records) last_person = std::max(last_person, r->getValue<Id>("id"));
    std::map<Id, std::size_t> enrolled;
    for (const Record &e : enrollments.records) ++enrolled[e->getValue<Id>("internal_class_id")];
    const auto teacher_of = [](const Object &c) { return c.isNull("primary_teacher_id") ? Id(0) : c.getValue<Id>("primary_teacher_id"); };
    for (Record &c : classes.records) {
        const Id id = c->getValue<Id>("id");
        if (c->getValue<Id>("school_year") != kSchoolYear || c->getValue<Id>("school_level") != lower_school ||
            !teacher_of(*c) || !enrolled[id])
            continue;
        // A copy: records may share nested objects, never edit them in place.
        for (Record *shape : {&c, classes.read_records.count(id) ? &classes.read_records.at(id) : nullptr}) {
            if (!shape) continue;
            Record changed = new Object(**shape);
            changed->set("primary_teacher_id", last_person + 7000);
            if (changed->has("primary_teacher_name")) changed->set("primary_teacher_name", "Robin Former");
            *shape = changed;
        }
        break;
    }
    for (const Record &e : enrollments.records) {
        const Id class_id = e->getValue<Id>("internal_class_id");
        const auto c = std::find_if(classes.records.begin(), classes.records.end(),
                                    [&](const Record &r) { return r->getValue<Id>("id") == class_id; });
        if (c == classes.records.end() || (*c)->getValue<Id>("school_year") != kSchoolYear) continue;
        Record ghost = new Object(*e);
        const Id ghost_id = enrollments.records.back()->getValue<Id>("id") + 1;
        ghost->set("id", ghost_id);
        ghost->set("person_id", last_person + 9000);
        ghost->set("person_name", "Sam Unlisted");
        ghost->set("late_date_enrolled", Poco::Dynamic::Var());
        ghost->set("date_withdrawn", Poco::Dynamic::Var());
        for (auto &entry : enrollments.unlisted)
            if (entry.second.count(e->getValue<Id>("id"))) entry.second[ghost_id] = entry.second.at(e->getValue<Id>("id"));
        enrollments.records.push_back(ghost);
        break;
    }
}

} // namespace vcsim

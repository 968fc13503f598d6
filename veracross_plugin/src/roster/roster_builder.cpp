#include "roster/roster_builder.hpp"

#include "common/plugin_error.hpp"
#include "roster/booking_groups.hpp"
#include "roster/class_links.hpp"
#include "roster/period_choice.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace veracross {
namespace {

bool overlaps(const Date &begin, const Date &end, const Date &from, const Date &to) {
    return (begin.empty() || begin <= to) && (end.empty() || end >= from);
}

// A school level's part of the event: its chosen periods (and those of no
// level) and their span, against which its classes are judged.
struct LevelWindow {
    Date start, end;
    std::vector<const GradingPeriodRecord *> periods;
};

// Levels by value-list id or description.
std::set<Id> resolve_levels(const ValueLists &lists, const std::string &value_field,
                            const std::vector<std::string> &wanted, const std::string &spec_field) {
    std::set<Id> ids;
    for (const auto &w : wanted) {
        Poco::Int64 id = 0;
        if (Poco::NumberParser::tryParse64(w, id)) {
            ids.insert(id);
        } else if (Id found = lists.find(value_field, w)) {
            ids.insert(found);
        } else {
            throw event_spec_error(spec_field, "the school's value list for " + value_field + " has no '" + w + "'");
        }
    }
    return ids;
}

template <class Record> std::unordered_map<Id, const Record *> index_by_id(const std::vector<Record> &records) {
    std::unordered_map<Id, const Record *> index;
    index.reserve(records.size());
    for (const auto &r : records) index.emplace(r.id, &r);
    return index;
}

void warn(Roster &r, std::string code, std::string message, std::vector<std::string> ids = {}) {
    r.warnings.push_back({std::move(code), std::move(message), std::move(ids)});
}

template <class Ids> std::vector<std::string> as_text(const Ids &ids) {
    std::vector<std::string> out;
    for (Id id : ids) out.push_back(std::to_string(id));
    return out;
}

RosterPerson person_of(const StaffRecord &s) {
    return {s.id, PersonKind::teacher, {PersonKind::teacher}, s.name, s.email, s.username, s.household_id, 0, 0};
}
RosterPerson person_of(const ParentRecord &p) {
    return {p.id, PersonKind::parent, {PersonKind::parent}, p.name, p.email, p.username, p.household_id, 0, 0};
}
RosterPerson person_of(const StudentRecord &s) {
    return {s.id,       PersonKind::student, {PersonKind::student}, s.name, s.email, s.username, s.household_id,
            s.grade_level, s.school_level};
}

} // namespace

Roster build_roster(const SchoolData &d, const EventSpec &spec) {
    if (d.students.empty())
        throw PluginError(Status::not_found, "no_students",
                          "Veracross returned no students for this school: nothing to import. Check "
                          "the School Domain and that the OAuth application belongs to this school.");
    Roster r;
    PeriodChoice choice = choose_periods(d, spec);
    r.grading_periods = std::move(choice.periods);
    r.period_levels = std::move(choice.levels);
    r.school_year = choice.school_year;
    r.warnings = std::move(choice.warnings);
    for (const auto &p : r.grading_periods) {
        if (r.window_start.empty() || p.start < r.window_start) r.window_start = p.start;
        if (r.window_end.empty() || p.end > r.window_end) r.window_end = p.end;
    }
    const std::set<Id> school_levels = resolve_levels(d.value_lists, "school_level", spec.school_levels, "school_levels");
    const std::set<Id> grade_levels = resolve_levels(d.value_lists, "grade_level", spec.grade_levels, "grade_levels");

    const auto staff = index_by_id(d.staff);
    const auto parents = index_by_id(d.parents);
    const auto students = index_by_id(d.students);

    // Each class is judged against its own school level's chosen periods
    // (and those that name no level): a Lower School "Semester 1" says
    // nothing about an Upper School class.
    std::map<Id, LevelWindow> level_windows;
    const auto window_of = [&](Id level) -> const LevelWindow & {
        auto [it, added] = level_windows.try_emplace(level);
        if (added)
            for (const auto &p : r.grading_periods) {
                const Id of = r.period_levels.at(p.id);
                if (of != 0 && of != level) continue;
                LevelWindow &w = it->second;
                w.periods.push_back(&p);
                if (w.start.empty() || p.start < w.start) w.start = p.start;
                if (w.end.empty() || p.end > w.end) w.end = p.end;
            }
        return it->second;
    };

    // Classes of the event: by their class schedules' grading periods when
    // read, else by date overlap; in session on a conference day if named.
    // Teachers: the primary one, then co-teachers when permissions were read.
    const auto terms = scheduled_periods(d, r.grading_periods);
    const auto co_teachers = permission_teachers(d);
    std::unordered_map<Id, RosterClass> classes;
    std::unordered_map<Id, const LevelWindow *> class_window;
    std::map<Id, std::size_t> level_left_out; // school level -> classes with no period of their level
    for (const auto &c : d.classes) {
        if (!school_levels.empty() && !school_levels.count(c.school_level)) continue;
        const LevelWindow &w = window_of(c.school_level);
        if (w.periods.empty()) {
            if (overlaps(c.begin, c.end, r.window_start, r.window_end)) ++level_left_out[c.school_level];
            continue;
        }
        std::vector<Id> periods_of_class;
        if (d.class_schedules_read) {
            if (const auto term = terms.find(c.id); term != terms.end())
                for (Id p : term->second)
                    for (const auto *mine : w.periods)
                        if (mine->id == p) periods_of_class.push_back(p);
            if (periods_of_class.empty()) continue;
        } else {
            if (!overlaps(c.begin, c.end, w.start, w.end)) continue;
            for (const auto *p : w.periods)
                if (overlaps(c.begin, c.end, p->start, p->end)) periods_of_class.push_back(p->id);
        }
        if (!on_one_of(spec.conference_days, c.begin, c.end)) continue;
        RosterClass rc{c.id, c.class_code, c.description, c.course_code, c.course_name,
                       c.school_level, c.school_year, c.begin, c.end, {}, std::move(periods_of_class)};
        if (c.primary_teacher_id) rc.teacher_ids.push_back(c.primary_teacher_id);
        if (const auto co = co_teachers.find(c.id); co != co_teachers.end())
            for (Id t : co->second)
                if (t != c.primary_teacher_id) rc.teacher_ids.push_back(t);
        classes.emplace(c.id, std::move(rc));
        class_window.emplace(c.id, &w);
    }

    // Enrollments of the event: the student is in the class during the window.
    std::unordered_map<Id, std::vector<const EnrollmentRecord *>> enrollments_of; // by student
    std::vector<Id> outside_dates, unknown_refs;
    std::set<Id> classes_with_students;
    for (const auto &e : d.enrollments) {
        if (!classes.count(e.class_id)) continue;
        auto student = students.find(e.person_id);
        if (student == students.end()) {
            unknown_refs.push_back(e.id);
            continue;
        }
        if (!grade_levels.empty() && !grade_levels.count(student->second->grade_level)) continue;
        const RosterClass &in_class = classes.at(e.class_id);
        const LevelWindow &w = *class_window.at(e.class_id);
        if (!overlaps(e.late_date_enrolled, e.date_withdrawn, w.start, w.end) ||
            !in_class_on_one_of(spec.conference_days, e, in_class.begin, in_class.end)) {
            outside_dates.push_back(e.id);
            continue;
        }
        enrollments_of[e.person_id].push_back(&e);
        classes_with_students.insert(e.class_id);
        r.enrollments.push_back({e.id, e.class_id, e.person_id, e.late_date_enrolled, e.date_withdrawn});
    }

    // Parent-student links, whichever direction Veracross lists them in.
    // The student's own records (person = student) decide when there are any,
    // else the reverse ones; the parent may book when ANY deciding record
    // allows it (docs/conference-rules.md section 5), so the order Veracross
    // lists them in never matters. The link shows the deciding record that
    // allows booking (else the lowest id), for the admin to read.
    const auto allows = [&](const ParentLink &l) {
        return !l.deceased && (l.portal_access || spec.options.include_without_portal_access) &&
               (l.legal_custody || spec.options.include_non_custodial);
    };
    struct Deciding {
        ParentLink link;
        bool natural = false;
        Id record_id = 0;
    };
    std::map<std::pair<Id, Id>, Deciding> links; // (parent, student)
    for (const auto &rel : d.relationships) {
        const bool natural = students.count(rel.person_id) && parents.count(rel.related_person_id);
        const bool reverse = !natural && parents.count(rel.person_id) && students.count(rel.related_person_id);
        if (!natural && !reverse) continue;
        ParentLink link;
        link.parent_id = natural ? rel.related_person_id : rel.person_id;
        link.student_id = natural ? rel.person_id : rel.related_person_id;
        if (!enrollments_of.count(link.student_id)) continue;
        link.relationship = rel.relationship;
        link.portal_access = rel.parent_portal_access;
        link.legal_custody = rel.legal_custody;
        link.resident = rel.resident;
        link.deceased = rel.deceased;
        link.may_book = allows(link);
        auto key = std::make_pair(link.parent_id, link.student_id);
        auto it = links.find(key);
        const auto better = [&](const Deciding &old) {
            if (natural != old.natural) return natural;
            if (link.may_book != old.link.may_book) return link.may_book;
            return rel.id < old.record_id;
        };
        if (it == links.end() || better(it->second)) links[key] = {link, natural, rel.id};
    }
    std::unordered_map<Id, std::vector<Id>> bookable_parents; // by student
    for (auto &entry : links) {
        const ParentLink &l = entry.second.link;
        if (l.may_book) bookable_parents[l.student_id].push_back(l.parent_id);
        r.links.push_back(l);
    }

    // Bookings: each bookable parent of a student, with each teacher of the
    // student's classes (and advisors when the event asks for them).
    std::set<Id> teachers, classes_without_teacher, classes_without_bookable_teacher, unknown_teachers,
        terminated_teachers;
    // A staff member who left before the last conference day (else before
    // the chosen periods end) is still listed, and often still a class's
    // teacher, but is not there to meet.
    const Date last_day = spec.conference_days.empty()
                              ? r.window_end
                              : *std::max_element(spec.conference_days.begin(), spec.conference_days.end());
    const auto bookable_staff = [&](Id t) {
        auto found = staff.find(t);
        if (found == staff.end()) return false;
        const Date &left = found->second->date_terminated;
        if (!left.empty() && left < last_day) {
            terminated_teachers.insert(t);
            return false;
        }
        return true;
    };
    for (const auto &entry : enrollments_of) {
        const Id student = entry.first;
        const auto parents_of = bookable_parents.find(student);
        auto add = [&](Id teacher, Id class_id, const char *reason) {
            teachers.insert(teacher);
            if (parents_of == bookable_parents.end()) return;
            for (Id parent : parents_of->second) r.bookings.push_back({parent, student, teacher, class_id, reason, ""});
        };
        for (const EnrollmentRecord *e : entry.second) {
            const RosterClass &c = classes.at(e->class_id);
            if (c.teacher_ids.empty()) {
                classes_without_teacher.insert(c.id);
                continue;
            }
            bool someone_to_meet = false;
            for (Id t : c.teacher_ids) {
                if (bookable_staff(t)) {
                    add(t, c.id, "class");
                    someone_to_meet = true;
                } else if (!staff.count(t)) {
                    unknown_teachers.insert(t);
                }
            }
            if (!someone_to_meet) classes_without_bookable_teacher.insert(c.id);
        }
        if (spec.options.include_advisors) {
            const StudentRecord &s = *students.at(student);
            if (s.advisor_id && bookable_staff(s.advisor_id)) add(s.advisor_id, 0, "advisor");
            if (s.homeroom_teacher_id && bookable_staff(s.homeroom_teacher_id))
                add(s.homeroom_teacher_id, 0, "homeroom");
        }
    }
    // Sorted by parent, then student, teacher, class and reason; each once
    // (a class listed twice, or a teacher who is also the advisor, books once per reason).
    const auto key = [](const Booking &b) {
        return std::tie(b.parent_id, b.student_id, b.teacher_id, b.class_id, b.reason);
    };
    std::sort(r.bookings.begin(), r.bookings.end(), [&](const Booking &a, const Booking &b) { return key(a) < key(b); });
    r.bookings.erase(std::unique(r.bookings.begin(), r.bookings.end(),
                                 [&](const Booking &a, const Booking &b) { return key(a) == key(b); }),
                     r.bookings.end());

    // Split households: when a student's parents who may book live in
    // different households, each household books its own slot.
    if (spec.options.split_households) {
        std::map<std::pair<Id, Id>, std::string> group_of; // (parent, student)
        for (const auto &[student, parent_ids] : bookable_parents) {
            std::vector<ParentHome> homes;
            for (Id p : parent_ids) {
                // The family's record says where the parent lives; a staff
                // record only when the parent record leaves it out.
                Id household = parents.at(p)->household_id;
                if (const auto as_staff = staff.find(p); !household && as_staff != staff.end())
                    household = as_staff->second->household_id;
                homes.push_back({p, household, links.at({p, student}).link.resident});
            }
            group_of.merge(booking_groups(student, students.at(student)->household_id, homes));
        }
        for (Booking &b : r.bookings)
            if (const auto group = group_of.find({b.parent_id, b.student_id}); group != group_of.end())
                b.booking_group = group->second;
    }

    // Classes that have students in the event, people of the event.
    for (auto &entry : classes)
        if (classes_with_students.count(entry.first)) r.classes.push_back(std::move(entry.second));
    std::sort(r.classes.begin(), r.classes.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    std::sort(r.enrollments.begin(), r.enrollments.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    // One entry per person, with every role: a teacher who is also a
    // parent (one Veracross id) is one person.
    std::map<Id, RosterPerson> people;
    const auto add_person = [&](RosterPerson p) {
        auto [it, added] = people.emplace(p.id, p);
        if (added) return;
        RosterPerson &one = it->second;
        one.roles.push_back(p.kind);
        // One person's records agree, but a staff record may leave out
        // what the parent record has (the household).
        if (!one.household_id) one.household_id = p.household_id;
        if (one.email.empty()) one.email = p.email;
        if (one.username.empty()) one.username = p.username;
    };
    for (Id t : teachers) add_person(person_of(*staff.at(t)));
    std::vector<Id> student_ids;
    for (const auto &entry : enrollments_of) student_ids.push_back(entry.first);
    std::sort(student_ids.begin(), student_ids.end());
    for (Id s : student_ids) add_person(person_of(*students.at(s)));
    std::set<Id> parent_ids;
    for (const auto &l : r.links) parent_ids.insert(l.parent_id);
    for (Id p : parent_ids) add_person(person_of(*parents.at(p)));
    for (auto &entry : people) r.people.push_back(std::move(entry.second));
    std::stable_sort(r.people.begin(), r.people.end(), [](const auto &a, const auto &b) { return a.kind < b.kind; });

    // Warnings an admin can act on.
    std::vector<Id> no_email, teacher_no_email, lonely_students;
    // Single sign-on matches people by email: parents who may book and
    // teachers who share an address (different records) cannot be told apart.
    std::map<std::string, std::set<Id>> by_email;
    std::set<Id> bookable;
    for (const auto &entry : bookable_parents) bookable.insert(entry.second.begin(), entry.second.end());
    for (Id p : bookable) {
        const std::string email = Poco::toLower(Poco::trim(parents.at(p)->email));
        if (email.empty())
            no_email.push_back(p);
        else
            by_email[email].insert(p);
    }
    for (Id t : teachers) {
        const std::string email = Poco::toLower(Poco::trim(staff.at(t)->email));
        if (!email.empty()) by_email[email].insert(t); // one id that is staff and parent counts once
    }
    for (Id s : student_ids)
        if (!bookable_parents.count(s)) lonely_students.push_back(s);
    for (Id t : teachers)
        if (Poco::trim(staff.at(t)->email).empty()) teacher_no_email.push_back(t);

    if (!no_email.empty())
        warn(r, "parent_without_email",
             std::to_string(no_email.size()) + " parent(s) who may book have no email in Veracross and cannot be invited",
             as_text(no_email));
    for (const auto &entry : by_email)
        if (entry.second.size() > 1)
            warn(r, "shared_email",
                 std::to_string(entry.second.size()) +
                     " people (parents who may book, teachers) share one email address: single sign-on cannot tell them apart",
                 as_text(entry.second));
    if (!lonely_students.empty())
        warn(r, "student_without_bookable_parent",
             std::to_string(lonely_students.size()) + " student(s) have no parent who may book a conference",
             as_text(lonely_students));
    if (!classes_without_teacher.empty())
        warn(r, "class_without_teacher",
             std::to_string(classes_without_teacher.size()) + " class(es) have no primary teacher in Veracross: their families cannot book for them",
             as_text(classes_without_teacher));
    if (!classes_without_bookable_teacher.empty())
        warn(r, "class_without_bookable_teacher",
             std::to_string(classes_without_bookable_teacher.size()) +
                 " class(es) list teachers but none that families can book (each left the school or is not in Veracross's staff list): assign a teacher in Veracross",
             as_text(classes_without_bookable_teacher));
    if (!unknown_teachers.empty())
        warn(r, "teacher_not_found",
             std::to_string(unknown_teachers.size()) + " class teacher(s) are not in Veracross's staff/faculty list",
             as_text(unknown_teachers));
    if (!terminated_teachers.empty())
        warn(r, "teacher_terminated",
             std::to_string(terminated_teachers.size()) +
                 " teacher(s) left the school (date_terminated) before " +
                 (spec.conference_days.empty() ? "the event's grading periods end" : "the last conference day") +
                 ": families cannot book them",
             as_text(terminated_teachers));
    if (!teacher_no_email.empty())
        warn(r, "teacher_without_email",
             std::to_string(teacher_no_email.size()) + " teacher(s) have no email in Veracross", as_text(teacher_no_email));
    if (!outside_dates.empty())
        warn(r, "enrollment_outside_event_dates",
             std::to_string(outside_dates.size()) + " enrollment(s) start after or end before the event's grading periods (or its conference days) and were left out",
             as_text(outside_dates));
    if (!unknown_refs.empty())
        warn(r, "enrollment_of_unknown_student",
             std::to_string(unknown_refs.size()) + " enrollment(s) name a student Veracross did not list", as_text(unknown_refs));
    std::map<std::string, std::vector<std::string>> unreadable;
    for (const auto &u : d.unreadable) unreadable[u.resource].push_back(u.id + ": " + u.problem);
    for (const auto &entry : unreadable)
        warn(r, "unreadable_record",
             std::to_string(entry.second.size()) + " " + entry.first + " record(s) could not be read and were skipped",
             entry.second);
    // How classes and teachers were found: the optional scopes decide.
    r.notes.push_back(d.class_schedules_read
                          ? "classes were matched to grading periods by their class schedules"
                          : "classes were matched to grading periods by their begin and end dates "
                            "(academics.class_schedules:list was not granted)");
    r.notes.push_back(d.permissions_read
                          ? "every teacher Veracross lists for a class may be booked, co-teachers too"
                          : "only each class's primary teacher was imported: co-teachers need "
                            "academics.permissions:list, which was not granted");
    if (!spec.conference_days.empty())
        r.notes.push_back("only students in class on a conference day count");
    for (const auto &[level, count] : level_left_out) {
        const std::string name = d.value_lists.describe("school_level", level);
        r.notes.push_back(std::to_string(count) + " class(es) of " +
                          (level ? name.empty() ? "school level " + std::to_string(level) : name : "no school level") +
                          " were left out: none of the event's grading periods is of their school level");
    }
    return r;
}

} // namespace veracross

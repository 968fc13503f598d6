// conference_truth: the bookings an event allows, computed straight from the
// Veracross records with plain maps and sets. The rules are in school.hpp and
// docs/conference-rules.md; this file is their reference implementation and
// shares no code with the importer.
#include "school/event_periods.hpp"
#include "school/record_fields.hpp"
#include "school/school.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace vcsim {

bool Booking::operator<(const Booking &o) const {
    return std::tie(parent_id, student_id, teacher_id, class_id, reason) <
           std::tie(o.parent_id, o.student_id, o.teacher_id, o.class_id, o.reason);
}

bool Booking::operator==(const Booking &o) const {
    return std::tie(parent_id, student_id, teacher_id, class_id, reason) ==
           std::tie(o.parent_id, o.student_id, o.teacher_id, o.class_id, o.reason);
}

namespace {

using Id = std::int64_t;
using Poco::JSON::Object;

template <class T> bool allowed(const std::vector<T> &wanted, const T &value) {
    return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

struct StudentInfo {
    Id grade_level = 0, advisor = 0, homeroom_teacher = 0;
};

// What the relationship records say about one parent and one student.
struct PairLink {
    bool natural = false; // some record lists the student as person_id
    bool may_book_natural = false, may_book_reverse = false;
};

} // namespace

std::vector<Booking> conference_truth(const School &school, const EventQuery &query) {
    // 1. The periods: names within one school year; each class is judged
    // against its own level's periods. No periods, an unknown id or name, or
    // a period without dates: no window, no bookings.
    EventPeriods chosen;
    try {
        chosen = event_periods(school, query);
    } catch (const std::invalid_argument &) {
        return {};
    }
    std::string last_day; // the day a teacher must still be there
    for (const EventPeriod &p : chosen.periods) last_day = std::max(last_day, p.end);
    if (!query.conference_days.empty())
        last_day = *std::max_element(query.conference_days.begin(), query.conference_days.end());

    // 2. People.
    std::unordered_set<Id> staff, parents; // staff: who is still there on the last day
    for (const Record &s : records_of(school, "staff_faculty")) {
        const std::string left = day_of(*s, "date_terminated");
        if (left.empty() || left >= last_day) staff.insert(id_of(*s, "id"));
    }
    for (const Record &p : records_of(school, "parents")) parents.insert(id_of(*p, "id"));
    std::unordered_map<Id, StudentInfo> students;
    for (const Record &s : records_of(school, "students"))
        students[id_of(*s, "id")] = {id_of(*s, "grade_level"), nested_id(*s, "advisor"), nested_id(*s, "homeroom_teacher")};

    // Whether [from, to] (empty = open) contains one of the conference days; true when none are named.
    const auto on_a_conference_day = [&](const std::string &from, const std::string &to) {
        if (query.conference_days.empty()) return true;
        for (const std::string &day : query.conference_days)
            if ((from.empty() || from <= day) && (to.empty() || to >= day)) return true;
        return false;
    };

    // 3. Classes of the event, with their teachers (none = no booking). With
    // class_terms, the class schedules link classes to periods; else the dates.
    std::unordered_map<Id, std::set<Id>> scheduled; // class -> chosen periods it meets in
    for (const Record &m : records_of(school, "academics/class_schedules"))
        scheduled[id_of(*m, "internal_class_id")].insert(nested_id(*m, "grading_period"));
    std::unordered_map<Id, std::set<Id>> teachers_of_class;
    std::unordered_map<Id, std::pair<std::string, std::string>> session_of_class;
    std::unordered_map<Id, std::pair<std::string, std::string>> window_of_class;
    for (const Record &c : records_of(school, "academics/classes")) {
        const Id level = id_of(*c, "school_level");
        const auto [window_start, window_end] = chosen.window_of(level);
        if (window_start.empty()) continue; // no chosen period of its level
        const std::string begin = day_of(*c, "begin_date"), end = day_of(*c, "end_date");
        const bool overlaps = (begin.empty() || begin <= window_end) && (end.empty() || end >= window_start);
        bool meets = false;
        for (Id period : scheduled[id_of(*c, "id")]) meets |= chosen.taken_for(period, level);
        const bool in_term = query.class_terms ? meets : overlaps;
        if (!in_term || !on_a_conference_day(begin, end) || !allowed(query.school_levels, level))
            continue;
        auto &teachers = teachers_of_class[id_of(*c, "id")];
        if (const Id primary = id_of(*c, "primary_teacher_id")) teachers.insert(primary);
        session_of_class[id_of(*c, "id")] = {begin, end};
        window_of_class[id_of(*c, "id")] = {window_start, window_end};
    }
    if (query.co_teachers)
        for (const Record &p : records_of(school, "academics/permissions")) {
            auto cls = teachers_of_class.find(nested_id(*p, "class"));
            if (cls != teachers_of_class.end() && nested_id(*p, "person")) cls->second.insert(nested_id(*p, "person"));
        }

    // 4. Enrollments of the event: classes of each student in the event.
    std::map<Id, std::set<Id>> classes_of_student;
    for (const Record &e : records_of(school, "academics/enrollments")) {
        const Id student = id_of(*e, "person_id"), class_id = id_of(*e, "internal_class_id");
        if (!teachers_of_class.count(class_id) || !students.count(student)) continue;
        if (!allowed(query.grade_levels, students.at(student).grade_level)) continue;
        const std::string late = day_of(*e, "late_date_enrolled"), withdrawn = day_of(*e, "date_withdrawn");
        // On a conference day, the student must be in the class while it is in session.
        const auto &[begin, end] = session_of_class.at(class_id);
        const auto &[window_start, window_end] = window_of_class.at(class_id);
        const std::string from = std::max(late, begin);
        const std::string to = withdrawn.empty() ? end : end.empty() ? withdrawn : std::min(withdrawn, end);
        if ((late.empty() || late <= window_end) && (withdrawn.empty() || withdrawn >= window_start) &&
            on_a_conference_day(from, to))
            classes_of_student[student].insert(class_id);
    }

    // 5. Who may book for whom. A pair's records listing the student as
    // person_id decide; reverse records count only when there are none.
    std::map<std::pair<Id, Id>, PairLink> links; // (parent, student)
    for (const Record &r : records_of(school, "relationships")) {
        const Id person = id_of(*r, "person_id"), related = id_of(*r, "related_person_id");
        const bool natural = students.count(person) && parents.count(related);
        const bool reverse = !natural && parents.count(person) && students.count(related);
        if (!natural && !reverse) continue;
        const bool may_book = !flag(*r, "related_person_is_deceased") &&
                              (flag(*r, "parent_portal_access") || query.include_without_portal_access) &&
                              (flag(*r, "legal_custody") || query.include_non_custodial);
        PairLink &link = links[natural ? std::make_pair(related, person) : std::make_pair(person, related)];
        link.natural |= natural;
        (natural ? link.may_book_natural : link.may_book_reverse) |= may_book;
    }
    std::map<Id, std::vector<Id>> parents_of_student;
    for (const auto &[pair, link] : links)
        if (link.natural ? link.may_book_natural : link.may_book_reverse) parents_of_student[pair.second].push_back(pair.first);

    // 6. Bookings.
    std::set<Booking> bookings;
    for (const auto &[student, classes] : classes_of_student) {
        auto parents_found = parents_of_student.find(student);
        if (parents_found == parents_of_student.end()) continue;
        auto add = [&](Id teacher, Id class_id, const char *reason) {
            if (!teacher || !staff.count(teacher)) return;
            for (Id parent : parents_found->second) bookings.insert({parent, student, teacher, class_id, reason});
        };
        for (Id class_id : classes)
            for (Id teacher : teachers_of_class.at(class_id)) add(teacher, class_id, "class");
        if (query.include_advisors) {
            add(students.at(student).advisor, 0, "advisor");
            add(students.at(student).homeroom_teacher, 0, "homeroom");
        }
    }
    return {bookings.begin(), bookings.end()};
}

} // namespace vcsim

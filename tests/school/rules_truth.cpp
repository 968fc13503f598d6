// rules_truth (rules_truth.hpp): every rule of docs/conference-rules.md is a
// small predicate over the records, asked about each candidate directly, in
// no particular order of steps. Nothing here is shared with the importer or
// with conference_truth.
#include "school/rules_truth.hpp"

#include "school/event_periods.hpp"
#include "school/record_fields.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

namespace vcsim {

namespace {

using Id = std::int64_t;
using Poco::JSON::Object;


// "Dates": a thing from `from` to `to` (either may be missing = open) is in
// the window when it overlaps it, both ends inclusive.
bool in_window(const std::string &from, const std::string &to, const std::string &start, const std::string &end) {
    const bool starts_in_time = from.empty() || from <= end;
    const bool ends_in_time = to.empty() || to >= start;
    return starts_in_time && ends_in_time;
}

// An email as single sign-on compares it: trimmed, any case.
std::string email_key(std::string e) {
    e.erase(0, e.find_first_not_of(" \t"));
    e.erase(e.find_last_not_of(" \t") + 1);
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return e;
}

template <class T> bool wanted(const std::vector<T> &list, T value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

class Judge {
public:
    Judge(const School &school, const EventQuery &q) : q_(q) {
        for (const Record &r : all(school, "staff_faculty")) staff_[id_of(*r, "id")] = r;
        for (const Record &r : all(school, "parents")) parents_[id_of(*r, "id")] = r;
        for (const Record &r : all(school, "students")) students_[id_of(*r, "id")] = r;
        for (const Record &r : all(school, "academics/classes")) classes_[id_of(*r, "id")] = r;
        enrollments_ = all(school, "academics/enrollments");
        for (const Record &e : enrollments_) enrollments_of_[id_of(*e, "person_id")].push_back(e);
        for (const Record &r : all(school, "relationships"))
            records_of_[{id_of(*r, "person_id"), id_of(*r, "related_person_id")}].push_back(r);
        if (present_in(school, "academics/permissions"))
            for (const Record &r : all(school, "academics/permissions"))
                permitted_[nested_id(*r, "class")].insert(nested_id(*r, "person"));
        if (present_in(school, "academics/class_schedules"))
            for (const Record &r : all(school, "academics/class_schedules"))
                meets_in_[id_of(*r, "internal_class_id")].insert(nested_id(*r, "grading_period"));
        // Rule 1: throws when the event has no periods.
        periods_ = event_periods(school, q);
        for (const EventPeriod &p : periods_.periods) last_day_ = std::max(last_day_, p.end);
        if (!q.conference_days.empty())
            last_day_ = *std::max_element(q.conference_days.begin(), q.conference_days.end());
    }

    // A conference day inside from..to (either open); true when none are named.
    bool on_a_conference_day(const std::string &from, const std::string &to) const {
        return q_.conference_days.empty() ||
               std::any_of(q_.conference_days.begin(), q_.conference_days.end(),
                           [&](const std::string &d) { return in_window(from, to, d, d); });
    }
    // Rule 1: the window of a class's own school level.
    std::pair<std::string, std::string> window(Id class_id) const {
        return periods_.window_of(id_of(*classes_.at(class_id), "school_level"));
    }

    // Rule 2.
    bool class_counts(Id class_id) const {
        auto c = classes_.find(class_id);
        if (c == classes_.end()) return false;
        const Id level = id_of(*c->second, "school_level");
        const auto [start, end] = window(class_id);
        if (start.empty() || !wanted(q_.school_levels, level)) return false;
        const std::string begin = day_of(*c->second, "begin_date"), finish = day_of(*c->second, "end_date");
        bool in_term = in_window(begin, finish, start, end);
        if (q_.class_terms) {
            in_term = false;
            if (auto m = meets_in_.find(class_id); m != meets_in_.end())
                for (Id p : m->second) in_term |= periods_.taken_for(p, level);
        }
        return in_term && on_a_conference_day(begin, finish);
    }
    // Rule 3, for one enrollment record.
    bool enrollment_counts(const Object &e) const {
        const Id s = id_of(e, "person_id");
        return class_counts(id_of(e, "internal_class_id")) && students_.count(s) &&
               wanted(q_.grade_levels, id_of(*students_.at(s), "grade_level")) && in_class_then(e);
    }
    // Rule 3's dates: in the class during its level's window, and on a conference day if named.
    bool in_class_then(const Object &e) const {
        const Id c = id_of(e, "internal_class_id");
        const auto [start, end] = window(c);
        const std::string joined = day_of(e, "late_date_enrolled"), left = day_of(e, "date_withdrawn");
        if (!in_window(joined, left, start, end)) return false;
        const Object &cls = *classes_.at(c);
        const std::string begin = day_of(cls, "begin_date"), finish = day_of(cls, "end_date");
        return q_.conference_days.empty() ||
               std::any_of(q_.conference_days.begin(), q_.conference_days.end(), [&](const std::string &d) {
                   return in_window(joined, left, d, d) && in_window(begin, finish, d, d);
               });
    }
    bool student_in_class(Id student, Id class_id) const {
        auto mine = enrollments_of_.find(student);
        if (mine == enrollments_of_.end()) return false;
        for (const Record &e : mine->second)
            if (id_of(*e, "internal_class_id") == class_id && enrollment_counts(*e)) return true;
        return false;
    }
    bool student_in_event(Id student) const { return in_event_.count(student) > 0; }
    // Rule 4: a staff member is bookable unless they left before the last
    // conference day (else before the chosen periods' latest end).
    bool bookable(Id staff_id) const {
        auto s = staff_.find(staff_id);
        if (s == staff_.end()) return false;
        const std::string left = day_of(*s->second, "date_terminated");
        return left.empty() || left >= last_day_;
    }
    bool terminated(Id staff_id) const { return staff_.count(staff_id) && !bookable(staff_id); }
    // Rule 4: the class's teachers: its primary teacher, and with co_teachers
    // everyone a permission names for it. Empty when it has none.
    std::set<Id> teachers_of(Id class_id) const {
        std::set<Id> out;
        if (Id t = id_of(*classes_.at(class_id), "primary_teacher_id")) out.insert(t);
        if (q_.co_teachers)
            if (auto p = permitted_.find(class_id); p != permitted_.end())
                for (Id t : p->second)
                    if (t) out.insert(t);
        return out;
    }

    // Rule 5, for one (parent, student) pair: the student's records decide
    // when there are any, else the reverse ones; any allowing one is enough.
    bool may_book(Id parent, Id student) const {
        const auto &natural = records(student, parent);
        for (const Record &r : natural.empty() ? records(parent, student) : natural)
            if (allows(*r)) return true;
        return false;
    }

    // Rule 6, asked of one candidate booking.
    bool books(Id parent, Id student, Id teacher, Id class_id, const std::string &reason) const {
        if (!student_in_event(student) || !is_parent_of(parent, student) || !may_book(parent, student) ||
            !bookable(teacher))
            return false;
        if (reason == "class") return class_id && teachers_of(class_id).count(teacher) && student_in_class(student, class_id);
        if (!q_.include_advisors || class_id) return false;
        const Object &s = *students_.at(student);
        return nested_id(s, reason == "advisor" ? "advisor" : "homeroom_teacher") == teacher;
    }

    // Rule 5: a pair only counts between a student and a parent, with some record.
    bool is_parent_of(Id parent, Id student) const {
        return parents_.count(parent) && students_.count(student) &&
               (!records(student, parent).empty() || !records(parent, student).empty());
    }

    ConferenceView view();

private:
    // The relationship records with this person_id and related_person_id.
    const std::vector<Record> &records(Id person, Id related) const {
        static const std::vector<Record> none;
        auto found = records_of_.find({person, related});
        return found == records_of_.end() ? none : found->second;
    }
    static const std::vector<Record> &all(const School &s, const std::string &path) { return s.resources.at(path).records; }
    static bool present_in(const School &s, const std::string &path) { return s.resources.count(path) > 0; }
    bool allows(const Object &r) const {
        return !flag(r, "related_person_is_deceased") && (flag(r, "parent_portal_access") || q_.include_without_portal_access) &&
               (flag(r, "legal_custody") || q_.include_non_custodial);
    }

    const EventQuery &q_;
    EventPeriods periods_;
    std::string last_day_;
    std::map<Id, std::set<Id>> permitted_, meets_in_; // class -> people with a permission / periods it meets in
    std::map<Id, Record> staff_, parents_, students_, classes_;
    std::vector<Record> enrollments_;
    std::map<Id, std::vector<Record>> enrollments_of_;              // by student
    std::map<std::pair<Id, Id>, std::vector<Record>> records_of_; // by (person_id, related_person_id)
    std::set<Id> in_event_;
};

ConferenceView Judge::view() {
    ConferenceView v;
    // Students in the event, and the classes they are in.
    std::map<Id, std::set<Id>> classes_of; // student -> classes
    std::vector<std::string> outside_ids, unknown_ids;
    for (const Record &e : enrollments_) {
        const Id s = id_of(*e, "person_id"), c = id_of(*e, "internal_class_id");
        if (!class_counts(c)) continue;
        if (!students_.count(s)) {
            unknown_ids.push_back(std::to_string(id_of(*e, "id")));
        } else if (enrollment_counts(*e)) {
            classes_of[s].insert(c);
            in_event_.insert(s);
        } else if (wanted(q_.grade_levels, id_of(*students_.at(s), "grade_level"))) {
            outside_ids.push_back(std::to_string(id_of(*e, "id")));
        }
    }
    // Candidate pairs: every parent and student some record names together.
    std::set<std::pair<Id, Id>> pairs;
    for (const auto &entry : records_of_) {
        const Id a = entry.first.first, b = entry.first.second;
        for (auto pair : {std::make_pair(b, a), std::make_pair(a, b)})
            if (is_parent_of(pair.first, pair.second) && student_in_event(pair.second)) pairs.insert(pair);
    }
    std::set<Id> teachers, classes_without_teacher, classes_without_bookable_teacher, unknown_teachers, terminated_teachers, bookable_parents, linked_parents;
    std::set<Id> students_with_bookable_parent;
    for (const auto &[parent, student] : pairs) {
        const bool ok = may_book(parent, student);
        v.links.insert(std::to_string(parent) + " " + std::to_string(student) + (ok ? " may_book" : " may_not_book"));
        linked_parents.insert(parent);
        if (ok) bookable_parents.insert(parent), students_with_bookable_parent.insert(student);
    }
    // Every (parent, student, teacher, class, reason) candidate, judged by books().
    std::map<Id, std::vector<Id>> parents_of; // student -> every linked parent
    for (const auto &[parent, student] : pairs) parents_of[student].push_back(parent);
    for (Id student : in_event_) {
        // Every staff member the student has some tie to; books() decides.
        std::set<Id> candidates;
        for (Id c : classes_of[student]) {
            const std::set<Id> ts = teachers_of(c);
            if (ts.empty()) classes_without_teacher.insert(c);
            bool someone_to_meet = false;
            for (Id t : ts) {
                if (!staff_.count(t)) unknown_teachers.insert(t);
                else if (terminated(t)) terminated_teachers.insert(t);
                else candidates.insert(t), teachers.insert(t), someone_to_meet = true;
            }
            if (!ts.empty() && !someone_to_meet) classes_without_bookable_teacher.insert(c);
        }
        for (const char *field : {"advisor", "homeroom_teacher"})
            if (Id t = nested_id(*students_.at(student), field); t && staff_.count(t)) {
                candidates.insert(t);
                if (!q_.include_advisors) continue;
                if (terminated(t)) terminated_teachers.insert(t);
                else teachers.insert(t);
            }
        for (Id parent : parents_of[student]) {
            for (Id t : candidates) {
                for (Id c : classes_of[student])
                    if (books(parent, student, t, c, "class"))
                        v.bookings.insert(std::to_string(parent) + " " + std::to_string(student) + " " + std::to_string(t) + " " +
                                          std::to_string(c) + " class");
                for (const char *reason : {"advisor", "homeroom"})
                    if (books(parent, student, t, 0, reason))
                        v.bookings.insert(std::to_string(parent) + " " + std::to_string(student) + " " + std::to_string(t) + " - " + reason);
            }
        }
    }
    // Classes with students in the event.
    std::set<Id> event_classes;
    for (const auto &entry : classes_of) event_classes.insert(entry.second.begin(), entry.second.end());
    for (Id c : event_classes) {
        std::string text = std::to_string(c);
        for (Id t : teachers_of(c)) text += " " + std::to_string(t);
        v.classes.insert(teachers_of(c).empty() ? text + " -" : text);
    }
    // People: each teacher, student and linked parent, one entry per person
    // with every role, in the order teacher, student, parent.
    std::map<Id, std::string> roles;
    for (Id t : teachers) roles[t] += ",teacher";
    for (Id s : in_event_) roles[s] += ",student";
    for (Id p : linked_parents) roles[p] += ",parent";
    for (const auto &[id, r] : roles) v.people.insert(std::to_string(id) + " " + r.substr(1));

    // Warnings (docs/conference-rules.md, "What an admin is warned about").
    auto ids_of = [](const std::set<Id> &ids) {
        std::vector<std::string> out;
        for (Id id : ids) out.push_back(std::to_string(id));
        return out;
    };
    std::set<Id> no_email, teacher_no_email, lonely;
    std::map<std::string, std::set<Id>> by_email;
    for (Id p : bookable_parents) {
        const std::string e = email_key(text_of(*parents_.at(p), "email_1"));
        (e.empty() ? no_email : by_email[e]).insert(p);
    }
    for (Id t : teachers) {
        const std::string e = email_key(text_of(*staff_.at(t), "email_1"));
        (e.empty() ? teacher_no_email : by_email[e]).insert(t);
    }
    for (Id s : in_event_)
        if (!students_with_bookable_parent.count(s)) lonely.insert(s);
    auto warn = [&](const char *code, std::vector<std::string> ids) {
        if (!ids.empty()) v.warnings.insert(warning_text(code, std::move(ids)));
    };
    for (const auto &ids : periods_.several_years) warn("grading_period_in_several_years", ids);
    warn("parent_without_email", ids_of(no_email));
    for (const auto &entry : by_email)
        if (entry.second.size() > 1) warn("shared_email", ids_of(entry.second));
    warn("student_without_bookable_parent", ids_of(lonely));
    warn("class_without_teacher", ids_of(classes_without_teacher));
    warn("class_without_bookable_teacher", ids_of(classes_without_bookable_teacher));
    warn("teacher_not_found", ids_of(unknown_teachers));
    warn("teacher_terminated", ids_of(terminated_teachers));
    warn("teacher_without_email", ids_of(teacher_no_email));
    warn("enrollment_outside_event_dates", outside_ids);
    warn("enrollment_of_unknown_student", unknown_ids);
    return v;
}

} // namespace

std::string warning_text(const std::string &code, std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    std::string out = code + ":";
    for (const auto &id : ids) out += " " + id;
    return out;
}

ConferenceView rules_truth(const School &school, const EventQuery &query) { return Judge(school, query).view(); }

} // namespace vcsim

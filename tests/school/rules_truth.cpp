// rules_truth (rules_truth.hpp): every rule of docs/conference-rules.md is a
// small predicate over the records, asked about each candidate directly, in
// no particular order of steps. Nothing here is shared with the importer or
// with conference_truth.
#include "school/rules_truth.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

namespace vcsim {

namespace {

using Id = std::int64_t;
using Poco::JSON::Object;

bool present(const Object &o, const std::string &f) { return o.has(f) && !o.isNull(f); }
Id id_field(const Object &o, const std::string &f) { return present(o, f) ? o.getValue<Id>(f) : 0; }
Id nested(const Object &o, const std::string &f) {
    return present(o, f) ? id_field(*o.getObject(f), "id") : 0;
}
bool yes(const Object &o, const std::string &f) { return present(o, f) && o.getValue<bool>(f); }
std::string day(const Object &o, const std::string &f) {
    return present(o, f) ? o.getValue<std::string>(f).substr(0, 10) : "";
}
std::string text(const Object &o, const std::string &f) { return present(o, f) ? o.getValue<std::string>(f) : ""; }

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
        for (const Record &r : all(school, "staff_faculty")) staff_[id_field(*r, "id")] = r;
        for (const Record &r : all(school, "parents")) parents_[id_field(*r, "id")] = r;
        for (const Record &r : all(school, "students")) students_[id_field(*r, "id")] = r;
        for (const Record &r : all(school, "academics/classes")) classes_[id_field(*r, "id")] = r;
        enrollments_ = all(school, "academics/enrollments");
        for (const Record &e : enrollments_) enrollments_of_[id_field(*e, "person_id")].push_back(e);
        for (const Record &r : all(school, "relationships"))
            records_of_[{id_field(*r, "person_id"), id_field(*r, "related_person_id")}].push_back(r);
        std::size_t found = 0;
        for (const Record &p : all(school, "academics/config/grading_periods")) {
            if (!std::count(q.grading_period_ids.begin(), q.grading_period_ids.end(), id_field(*p, "id"))) continue;
            ++found;
            const std::string s = day(*p, "start_date"), e = day(*p, "end_date");
            if (s.empty() || e.empty()) throw std::invalid_argument("a chosen grading period has no dates");
            if (start_.empty() || s < start_) start_ = s;
            if (end_.empty() || e > end_) end_ = e;
        }
        const std::set<Id> distinct(q.grading_period_ids.begin(), q.grading_period_ids.end());
        if (distinct.empty() || found != distinct.size()) throw std::invalid_argument("no window");
    }

    // Rule 2.
    bool class_counts(Id class_id) const {
        auto c = classes_.find(class_id);
        return c != classes_.end() && in_window(day(*c->second, "begin_date"), day(*c->second, "end_date"), start_, end_) &&
               wanted(q_.school_levels, id_field(*c->second, "school_level"));
    }
    // Rule 3, for one enrollment record.
    bool enrollment_counts(const Object &e) const {
        const Id s = id_field(e, "person_id");
        return class_counts(id_field(e, "internal_class_id")) && students_.count(s) &&
               wanted(q_.grade_levels, id_field(*students_.at(s), "grade_level")) &&
               in_window(day(e, "late_date_enrolled"), day(e, "date_withdrawn"), start_, end_);
    }
    bool student_in_class(Id student, Id class_id) const {
        auto mine = enrollments_of_.find(student);
        if (mine == enrollments_of_.end()) return false;
        for (const Record &e : mine->second)
            if (id_field(*e, "internal_class_id") == class_id && enrollment_counts(*e)) return true;
        return false;
    }
    bool student_in_event(Id student) const { return in_event_.count(student) > 0; }
    // Rule 4: a staff member is bookable unless they left before the window ends.
    bool bookable(Id staff_id) const {
        auto s = staff_.find(staff_id);
        if (s == staff_.end()) return false;
        const std::string left = day(*s->second, "date_terminated");
        return left.empty() || left >= end_;
    }
    bool terminated(Id staff_id) const { return staff_.count(staff_id) && !bookable(staff_id); }
    // Rule 4: the class's teacher, 0 when it has none.
    Id teacher_of(Id class_id) const { return id_field(*classes_.at(class_id), "primary_teacher_id"); }

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
        if (reason == "class") return class_id && teacher_of(class_id) == teacher && student_in_class(student, class_id);
        if (!q_.include_advisors || class_id) return false;
        const Object &s = *students_.at(student);
        return nested(s, reason == "advisor" ? "advisor" : "homeroom_teacher") == teacher;
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
    bool allows(const Object &r) const {
        return !yes(r, "related_person_is_deceased") && (yes(r, "parent_portal_access") || q_.include_without_portal_access) &&
               (yes(r, "legal_custody") || q_.include_non_custodial);
    }

    const EventQuery &q_;
    std::string start_, end_;
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
        const Id s = id_field(*e, "person_id"), c = id_field(*e, "internal_class_id");
        if (!class_counts(c)) continue;
        if (!students_.count(s)) {
            unknown_ids.push_back(std::to_string(id_field(*e, "id")));
        } else if (enrollment_counts(*e)) {
            classes_of[s].insert(c);
            in_event_.insert(s);
        } else if (wanted(q_.grade_levels, id_field(*students_.at(s), "grade_level"))) {
            outside_ids.push_back(std::to_string(id_field(*e, "id")));
        }
    }
    // Candidate pairs: every parent and student some record names together.
    std::set<std::pair<Id, Id>> pairs;
    for (const auto &entry : records_of_) {
        const Id a = entry.first.first, b = entry.first.second;
        for (auto pair : {std::make_pair(b, a), std::make_pair(a, b)})
            if (is_parent_of(pair.first, pair.second) && student_in_event(pair.second)) pairs.insert(pair);
    }
    std::set<Id> teachers, classes_without_teacher, unknown_teachers, terminated_teachers, bookable_parents, linked_parents;
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
            const Id t = teacher_of(c);
            if (!t) classes_without_teacher.insert(c);
            else if (!staff_.count(t)) unknown_teachers.insert(t);
            else if (terminated(t)) terminated_teachers.insert(t);
            else candidates.insert(t), teachers.insert(t);
        }
        for (const char *field : {"advisor", "homeroom_teacher"})
            if (Id t = nested(*students_.at(student), field); t && staff_.count(t)) {
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
        const Id t = teacher_of(c);
        v.classes.insert(std::to_string(c) + " " + (t ? std::to_string(t) : "-"));
    }
    // People: each teacher, student and linked parent, once per role.
    for (Id t : teachers) v.people.insert(std::to_string(t) + " teacher");
    for (Id s : in_event_) v.people.insert(std::to_string(s) + " student");
    for (Id p : linked_parents) v.people.insert(std::to_string(p) + " parent");

    // Warnings (docs/conference-rules.md, "What an admin is warned about").
    auto ids_of = [](const std::set<Id> &ids) {
        std::vector<std::string> out;
        for (Id id : ids) out.push_back(std::to_string(id));
        return out;
    };
    std::set<Id> no_email, teacher_no_email, lonely;
    std::map<std::string, std::set<Id>> by_email;
    for (Id p : bookable_parents) {
        const std::string e = email_key(text(*parents_.at(p), "email_1"));
        (e.empty() ? no_email : by_email[e]).insert(p);
    }
    for (Id t : teachers) {
        const std::string e = email_key(text(*staff_.at(t), "email_1"));
        (e.empty() ? teacher_no_email : by_email[e]).insert(t);
    }
    for (Id s : in_event_)
        if (!students_with_bookable_parent.count(s)) lonely.insert(s);
    auto warn = [&](const char *code, std::vector<std::string> ids) {
        if (!ids.empty()) v.warnings.insert(warning_text(code, std::move(ids)));
    };
    warn("parent_without_email", ids_of(no_email));
    for (const auto &entry : by_email)
        if (entry.second.size() > 1) warn("shared_email", ids_of(entry.second));
    warn("student_without_bookable_parent", ids_of(lonely));
    warn("class_without_teacher", ids_of(classes_without_teacher));
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

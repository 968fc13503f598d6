#include "roster_json.hpp"

#include <Poco/JSON/Array.h>

#include <map>
#include <set>

namespace veracross {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

std::string id_text(Id id) { return std::to_string(id); }

Poco::Dynamic::Var coded(const ValueLists &lists, const std::string &field, Id id) {
    if (!id) return Poco::Dynamic::Var();
    Object::Ptr o = ordered();
    o->set("id", id_text(id));
    o->set("description", lists.describe(field, id));
    return o;
}

Poco::Dynamic::Var optional_text(const std::string &s) {
    return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s);
}

const char *kind_name(PersonKind k) {
    switch (k) {
    case PersonKind::teacher: return "teacher";
    case PersonKind::staff: return "staff";
    case PersonKind::student: return "student";
    case PersonKind::parent: return "parent";
    }
    return "unknown";
}

Array::Ptr id_array(const std::vector<Id> &ids) {
    Array::Ptr a = new Array;
    for (Id id : ids) a->add(id_text(id));
    return a;
}

Array::Ptr text_array(const std::vector<std::string> &items) {
    Array::Ptr a = new Array;
    for (const auto &s : items) a->add(s);
    return a;
}

} // namespace

Object::Ptr roster_to_json(const Roster &r, const ImportContext &ctx) {
    const ValueLists &lists = *ctx.value_lists;
    const EventSpec &spec = *ctx.spec;
    Object::Ptr doc = ordered();
    doc->set("schema", "pickatime.roster/1");
    doc->set("sis", "veracross");
    doc->set("school_route", ctx.school_route);

    Object::Ptr event = ordered();
    event->set("event_id", spec.event_id);
    event->set("name", spec.name);
    Array::Ptr periods = new Array;
    for (const auto &p : r.grading_periods) {
        Object::Ptr o = ordered();
        o->set("id", id_text(p.id));
        o->set("name", p.description);
        o->set("start", p.start);
        o->set("end", p.end);
        periods->add(o);
    }
    event->set("grading_periods", periods);
    Object::Ptr window = ordered();
    window->set("start", r.window_start);
    window->set("end", r.window_end);
    event->set("window", window);
    Object::Ptr options = ordered();
    options->set("include_without_portal_access", spec.options.include_without_portal_access);
    options->set("include_non_custodial", spec.options.include_non_custodial);
    options->set("include_advisors", spec.options.include_advisors);
    event->set("options", options);
    doc->set("event", event);
    doc->set("preview", spec.dry_run);

    Array::Ptr people = new Array;
    std::map<Id, std::vector<Id>> households;
    std::size_t counts[4] = {};
    for (const auto &p : r.people) {
        Object::Ptr o = ordered();
        o->set("id", id_text(p.id));
        o->set("kind", std::string(kind_name(p.kind)));
        o->set("first_name", p.name.first);
        o->set("preferred_name", optional_text(p.name.preferred));
        o->set("last_name", p.name.last);
        o->set("display_name", (p.name.preferred.empty() ? p.name.first : p.name.preferred) + " " + p.name.last);
        o->set("email", optional_text(p.email));
        o->set("username", optional_text(p.username));
        o->set("household_id", p.household_id ? Poco::Dynamic::Var(id_text(p.household_id)) : Poco::Dynamic::Var());
        if (p.kind == PersonKind::student) {
            o->set("grade_level", coded(lists, "grade_level", p.grade_level));
            o->set("school_level", coded(lists, "school_level", p.school_level));
        }
        if (p.household_id) households[p.household_id].push_back(p.id);
        ++counts[static_cast<int>(p.kind)];
        people->add(o);
    }
    doc->set("people", people);

    Array::Ptr household_list = new Array;
    for (const auto &h : households) {
        Object::Ptr o = ordered();
        o->set("id", id_text(h.first));
        o->set("member_ids", id_array(h.second));
        household_list->add(o);
    }
    doc->set("households", household_list);

    Array::Ptr links = new Array;
    std::size_t bookable_links = 0;
    for (const auto &l : r.links) {
        Object::Ptr o = ordered();
        o->set("parent_id", id_text(l.parent_id));
        o->set("student_id", id_text(l.student_id));
        o->set("relationship", coded(lists, "relationship", l.relationship));
        o->set("portal_access", l.portal_access);
        o->set("legal_custody", l.legal_custody);
        o->set("resident", l.resident);
        o->set("deceased", l.deceased);
        o->set("may_book", l.may_book);
        bookable_links += l.may_book;
        links->add(o);
    }
    doc->set("links", links);

    Array::Ptr classes = new Array;
    for (const auto &c : r.classes) {
        Object::Ptr o = ordered();
        o->set("id", id_text(c.id));
        o->set("code", c.class_code);
        o->set("name", c.description);
        Object::Ptr course = ordered();
        course->set("code", optional_text(c.course_code));
        course->set("name", optional_text(c.course_name));
        o->set("course", course);
        o->set("school_level", coded(lists, "school_level", c.school_level));
        o->set("begin", optional_text(c.begin));
        o->set("end", optional_text(c.end));
        o->set("teacher_ids", id_array(c.teacher_ids));
        o->set("grading_period_ids", id_array(c.grading_period_ids));
        classes->add(o);
    }
    doc->set("classes", classes);

    Array::Ptr enrollments = new Array;
    for (const auto &e : r.enrollments) {
        Object::Ptr o = ordered();
        o->set("id", id_text(e.id));
        o->set("class_id", id_text(e.class_id));
        o->set("student_id", id_text(e.student_id));
        o->set("start", optional_text(e.start));
        o->set("end", optional_text(e.end));
        enrollments->add(o);
    }
    doc->set("enrollments", enrollments);

    // The conference view: bookings grouped by parent, then teacher.
    Array::Ptr conference = new Array;
    std::set<Id> bookable_parents;
    for (std::size_t i = 0; i < r.bookings.size();) {
        const Id parent = r.bookings[i].parent_id;
        bookable_parents.insert(parent);
        // bookings are sorted by parent, then student: regroup by teacher
        std::map<Id, Array::Ptr> by_teacher;
        for (; i < r.bookings.size() && r.bookings[i].parent_id == parent; ++i) {
            const Booking &b = r.bookings[i];
            auto &reasons = by_teacher[b.teacher_id];
            if (!reasons) reasons = new Array;
            Object::Ptr why = ordered();
            why->set("student_id", id_text(b.student_id));
            why->set("class_id", b.class_id ? Poco::Dynamic::Var(id_text(b.class_id)) : Poco::Dynamic::Var());
            why->set("reason", b.reason);
            reasons->add(why);
        }
        Array::Ptr teachers = new Array;
        for (const auto &t : by_teacher) {
            Object::Ptr teacher = ordered();
            teacher->set("teacher_id", id_text(t.first));
            teacher->set("for", t.second);
            teachers->add(teacher);
        }
        Object::Ptr entry = ordered();
        entry->set("parent_id", id_text(parent));
        entry->set("teachers", teachers);
        conference->add(entry);
    }
    doc->set("conference", conference);

    Object::Ptr count = ordered();
    count->set("teachers", counts[static_cast<int>(PersonKind::teacher)]);
    count->set("students", counts[static_cast<int>(PersonKind::student)]);
    count->set("parents", counts[static_cast<int>(PersonKind::parent)]);
    count->set("bookable_parents", bookable_parents.size());
    count->set("households", households.size());
    count->set("links", r.links.size());
    count->set("bookable_links", bookable_links);
    count->set("classes", r.classes.size());
    count->set("enrollments", r.enrollments.size());
    count->set("bookings", r.bookings.size());
    count->set("warnings", r.warnings.size());
    doc->set("counts", count);

    Array::Ptr warnings = new Array;
    for (const auto &w : r.warnings) {
        Object::Ptr o = ordered();
        o->set("code", w.code);
        o->set("message", w.message);
        o->set("ids", text_array(w.ids));
        warnings->add(o);
    }
    doc->set("warnings", warnings);
    doc->set("notes", text_array(r.notes));
    return doc;
}

} // namespace veracross

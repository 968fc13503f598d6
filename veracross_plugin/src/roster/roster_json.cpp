#include "roster/roster_json.hpp"

#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <map>
#include <set>

namespace veracross {
namespace {

// Ids are written as text: other SIS plugins have ids that are not numbers.
void id_value(JsonWriter &out, Id id) { out.value(std::to_string(id)); }

void id_or_null(JsonWriter &out, Id id) {
    if (id) id_value(out, id);
    else out.null();
}

// {"id": "7", "description": "Grade 7"}, or null when the field is not set.
void coded(JsonWriter &out, const ValueLists &lists, const std::string &field, Id id) {
    if (!id) {
        out.null();
        return;
    }
    out.begin_object();
    id_value(out.key("id"), id);
    out.key("description").value(lists.describe(field, id));
    out.end_object();
}

void id_array(JsonWriter &out, const std::vector<Id> &ids) {
    out.begin_array();
    for (Id id : ids) id_value(out, id);
    out.end_array();
}

void text_array(JsonWriter &out, const std::vector<std::string> &items) {
    out.begin_array();
    for (const auto &s : items) out.value(s);
    out.end_array();
}

void write_event(JsonWriter &out, const Roster &r, const EventSpec &spec, const ValueLists &lists) {
    out.key("event").begin_object();
    out.key("event_id").value(spec.event_id);
    out.key("name").value(spec.name);
    // The periods taken, each with its year and level: what the event covers.
    coded(out.key("school_year"), lists, "school_year", r.school_year);
    out.key("grading_periods").begin_array();
    for (const auto &p : r.grading_periods) {
        out.begin_object();
        id_value(out.key("id"), p.id);
        out.key("name").value(p.description);
        out.key("start").value(p.start);
        out.key("end").value(p.end);
        coded(out.key("school_year"), lists, "school_year", p.school_year);
        const auto level = r.period_levels.find(p.id);
        coded(out.key("school_level"), lists, "school_level", level == r.period_levels.end() ? 0 : level->second);
        out.end_object();
    }
    out.end_array();
    out.key("window").begin_object();
    out.key("start").value(r.window_start);
    out.key("end").value(r.window_end);
    out.end_object();
    out.key("options").begin_object();
    out.key("include_without_portal_access").value(spec.options.include_without_portal_access);
    out.key("include_non_custodial").value(spec.options.include_non_custodial);
    out.key("include_advisors").value(spec.options.include_advisors);
    out.key("split_households").value(spec.options.split_households);
    out.end_object();
    out.end_object();
}

// The conference view: bookings grouped by parent, then teacher. Returns
// how many parents may book.
std::size_t write_conference(JsonWriter &out, const std::vector<Booking> &bookings) {
    out.key("conference").begin_array();
    std::size_t parents = 0;
    for (std::size_t i = 0; i < bookings.size();) {
        const Id parent = bookings[i].parent_id;
        ++parents;
        // bookings are sorted by parent, then student: regroup by teacher
        std::map<Id, std::vector<const Booking *>> by_teacher;
        for (; i < bookings.size() && bookings[i].parent_id == parent; ++i)
            by_teacher[bookings[i].teacher_id].push_back(&bookings[i]);
        out.begin_object();
        id_value(out.key("parent_id"), parent);
        out.key("teachers").begin_array();
        for (const auto &[teacher, reasons] : by_teacher) {
            out.begin_object();
            id_value(out.key("teacher_id"), teacher);
            out.key("for").begin_array();
            for (const Booking *b : reasons) {
                out.begin_object();
                id_value(out.key("student_id"), b->student_id);
                id_or_null(out.key("class_id"), b->class_id);
                out.key("reason").value(b->reason);
                out.key("booking_group").text_or_null(b->booking_group);
                out.end_object();
            }
            out.end_array();
            out.end_object();
        }
        out.end_array();
        out.end_object();
    }
    out.end_array();
    return parents;
}

} // namespace

void write_roster(JsonWriter &out, const Roster &r, const ImportContext &ctx) {
    const ValueLists &lists = *ctx.value_lists;
    const EventSpec &spec = *ctx.spec;
    out.key("schema").value("pickatime.roster/1");
    out.key("sis").value("veracross");
    out.key("school_route").value(ctx.school_route);
    write_event(out, r, spec, lists);
    out.key("preview").value(spec.dry_run);

    out.key("people").begin_array();
    std::map<Id, std::vector<Id>> households;
    std::size_t counts[4] = {};
    for (const auto &p : r.people) {
        out.begin_object();
        id_value(out.key("id"), p.id);
        out.key("kind").value(kind_name(p.kind));
        out.key("roles").begin_array();
        for (PersonKind role : p.roles) out.value(kind_name(role));
        out.end_array();
        out.key("first_name").value(p.name.first);
        out.key("preferred_name").text_or_null(p.name.preferred);
        out.key("last_name").value(p.name.last);
        out.key("display_name").value((p.name.preferred.empty() ? p.name.first : p.name.preferred) + " " +
                                      p.name.last);
        out.key("email").text_or_null(p.email);
        out.key("username").text_or_null(p.username);
        id_or_null(out.key("household_id"), p.household_id);
        if (p.kind == PersonKind::student) {
            coded(out.key("grade_level"), lists, "grade_level", p.grade_level);
            coded(out.key("school_level"), lists, "school_level", p.school_level);
        }
        out.end_object();
        if (p.household_id) households[p.household_id].push_back(p.id);
        for (PersonKind role : p.roles) ++counts[static_cast<int>(role)];
    }
    out.end_array();

    out.key("households").begin_array();
    for (const auto &h : households) {
        out.begin_object();
        id_value(out.key("id"), h.first);
        id_array(out.key("member_ids"), h.second);
        out.end_object();
    }
    out.end_array();

    out.key("links").begin_array();
    std::size_t bookable_links = 0;
    for (const auto &l : r.links) {
        out.begin_object();
        id_value(out.key("parent_id"), l.parent_id);
        id_value(out.key("student_id"), l.student_id);
        coded(out.key("relationship"), lists, "relationship", l.relationship);
        out.key("portal_access").value(l.portal_access);
        out.key("legal_custody").value(l.legal_custody);
        out.key("resident").value(l.resident);
        out.key("deceased").value(l.deceased);
        out.key("may_book").value(l.may_book);
        out.end_object();
        bookable_links += l.may_book;
    }
    out.end_array();

    out.key("classes").begin_array();
    for (const auto &c : r.classes) {
        out.begin_object();
        id_value(out.key("id"), c.id);
        out.key("code").value(c.class_code);
        out.key("name").value(c.description);
        out.key("course").begin_object();
        out.key("code").text_or_null(c.course_code);
        out.key("name").text_or_null(c.course_name);
        out.end_object();
        coded(out.key("school_level"), lists, "school_level", c.school_level);
        out.key("begin").text_or_null(c.begin);
        out.key("end").text_or_null(c.end);
        id_array(out.key("teacher_ids"), c.teacher_ids);
        id_array(out.key("grading_period_ids"), c.grading_period_ids);
        out.end_object();
    }
    out.end_array();

    out.key("enrollments").begin_array();
    for (const auto &e : r.enrollments) {
        out.begin_object();
        id_value(out.key("id"), e.id);
        id_value(out.key("class_id"), e.class_id);
        id_value(out.key("student_id"), e.student_id);
        out.key("start").text_or_null(e.start);
        out.key("end").text_or_null(e.end);
        out.end_object();
    }
    out.end_array();

    const std::size_t bookable_parents = write_conference(out, r.bookings);
    std::set<Id> split_students; // booked once per household
    for (const auto &b : r.bookings)
        if (!b.booking_group.empty()) split_students.insert(b.student_id);

    out.key("counts").begin_object();
    out.key("teachers").value(counts[static_cast<int>(PersonKind::teacher)]);
    out.key("students").value(counts[static_cast<int>(PersonKind::student)]);
    out.key("parents").value(counts[static_cast<int>(PersonKind::parent)]);
    out.key("bookable_parents").value(bookable_parents);
    out.key("households").value(households.size());
    out.key("links").value(r.links.size());
    out.key("bookable_links").value(bookable_links);
    out.key("classes").value(r.classes.size());
    out.key("enrollments").value(r.enrollments.size());
    out.key("bookings").value(r.bookings.size());
    out.key("students_split_by_household").value(split_students.size());
    out.key("warnings").value(r.warnings.size());
    out.end_object();

    out.key("warnings").begin_array();
    for (const auto &w : r.warnings) {
        out.begin_object();
        out.key("code").value(w.code);
        out.key("message").value(w.message);
        text_array(out.key("ids"), w.ids);
        out.end_object();
    }
    out.end_array();
    text_array(out.key("notes"), r.notes);
}

std::string roster_json_text(const Roster &roster, const ImportContext &context, std::size_t room_after) {
    JsonWriter out;
    // A little over what each part takes (measured on generated schools:
    // a person 290 bytes, a class 250, a link 185, an enrollment 85, a
    // booking 112 in "conference", households 20 a person), so the text
    // does not move while it grows: a move holds the old and the new text.
    out.reserve(64 * 1024 + 320 * (roster.people.size() + roster.classes.size()) + 200 * roster.links.size() +
                100 * roster.enrollments.size() + 125 * roster.bookings.size() + room_after);
    out.begin_object();
    write_roster(out, roster, context);
    return out.end_object().take();
}

Poco::JSON::Object::Ptr parse_roster_json(const std::string &text) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true)); // keeps the members' order
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr roster_to_json(const Roster &roster, const ImportContext &context) {
    return parse_roster_json(roster_json_text(roster, context));
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

} // namespace veracross

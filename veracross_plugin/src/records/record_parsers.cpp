#include "records/record_parsers.hpp"

#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>

#include <cctype>
#include <limits>

namespace veracross {
namespace {

using Kind = RecordFields::Kind;
using Field = RecordFields::Field;

// The fields of a record, or of one object in it ("course").
struct Fields {
    const RecordFields *all;
    int parent;
};

[[noreturn]] void bad(const std::string &field, const std::string &problem) {
    throw BadRecord("field " + field + " " + problem);
}

// What the parsers said when a Poco conversion was out of range.
[[noreturn]] void wrong_type() { throw BadRecord("has a value of the wrong type"); }

// A missing field and a JSON null read the same: as nullptr.
const Field *value_of(const Fields &o, const std::string &field) {
    const int i = o.all->find(o.parent, field);
    if (i == RecordFields::kNone || o.all->at(i).kind == Kind::null) return nullptr;
    return &o.all->at(i);
}

// Ids come as numbers; tolerate numeric strings. (true and false read as
// 1 and 0, as Poco's conversions always did.)
Id id_of(const Field *v, const std::string &field) {
    if (!v) return 0;
    switch (v->kind) {
    case Kind::integer:
    case Kind::boolean: return v->integer;
    case Kind::big_unsigned: wrong_type();
    case Kind::text: {
        Poco::Int64 n = 0;
        if (Poco::NumberParser::tryParse64(v->text, n)) return n;
        if (v->text.empty()) return 0;
        break;
    }
    default: break;
    }
    bad(field, "is not a whole number");
}

Id id_field(const Fields &o, const std::string &field) { return id_of(value_of(o, field), field); }

// The object `field`, when it is one.
bool object_of(const Fields &o, const std::string &field, Fields &inner) {
    const int i = o.all->find(o.parent, field);
    if (i == RecordFields::kNone || o.all->at(i).kind != Kind::object) return false;
    inner = Fields{o.all, i};
    return true;
}

// {"id": 7, "name": ...} in list records; a plain 7 in some read records.
Id nested_id(const Fields &o, const std::string &field) {
    Fields inner = o;
    if (object_of(o, field, inner)) return id_field(inner, "id");
    return id_of(value_of(o, field), field);
}

std::string text(const Fields &o, const std::string &field) {
    const Field *v = value_of(o, field);
    if (!v) return {};
    switch (v->kind) {
    case Kind::text:
    case Kind::big_unsigned: return v->text;
    case Kind::integer: return std::to_string(v->integer);
    case Kind::real: return Poco::NumberFormatter::format(v->real);
    case Kind::boolean: return v->integer ? "true" : "false";
    default: bad(field, "is not text");
    }
}

bool flag(const Fields &o, const std::string &field) {
    const Field *v = value_of(o, field);
    if (!v) return false;
    switch (v->kind) {
    case Kind::boolean: return v->integer != 0;
    case Kind::text:
        if (v->text == "true" || v->text == "false") return v->text == "true";
        break;
    case Kind::integer:
        if (v->integer < std::numeric_limits<int>::min() || v->integer > std::numeric_limits<int>::max())
            wrong_type();
        return v->integer != 0;
    case Kind::big_unsigned: wrong_type();
    default: break;
    }
    bad(field, "is not true or false");
}

// "2026-09-01" or "2026-09-01T00:00:00Z" -> "2026-09-01".
Date date(const Fields &o, const std::string &field) {
    std::string s = text(o, field);
    if (s.empty()) return {};
    const bool ok = s.size() >= 10 && s[4] == '-' && s[7] == '-' &&
                    std::isdigit(static_cast<unsigned char>(s[0])) &&
                    std::isdigit(static_cast<unsigned char>(s[5])) &&
                    std::isdigit(static_cast<unsigned char>(s[8])) &&
                    (s.size() == 10 || s[10] == 'T' || s[10] == ' ');
    if (!ok) bad(field, "is not a date (YYYY-MM-DD)");
    s.resize(10);
    return s;
}

Id required_id(const Fields &o) {
    const Id id = id_field(o, "id");
    if (id <= 0) bad("id", "is missing");
    return id;
}

Name name_of(const Fields &o) { return {text(o, "first_name"), text(o, "preferred_name"), text(o, "last_name")}; }

Fields top(const RecordFields &record) { return {&record, RecordFields::kTopLevel}; }

} // namespace

std::string record_id_text(const RecordFields &record) {
    try {
        const Id id = id_field(top(record), "id");
        return id > 0 ? std::to_string(id) : "?";
    } catch (const BadRecord &) {
        return "?";
    }
}

StaffRecord parse_staff(const RecordFields &record) {
    const Fields o = top(record);
    StaffRecord r;
    r.id = required_id(o);
    r.name = name_of(o);
    r.email = text(o, "email_1");
    r.username = text(o, "username");
    r.roles = text(o, "roles");
    r.job_title = text(o, "job_title");
    r.household_id = id_field(o, "household_id");
    r.faculty_type = id_field(o, "faculty_type");
    r.date_terminated = date(o, "date_terminated");
    r.last_modified = text(o, "last_modified_date");
    return r;
}

ParentRecord parse_parent(const RecordFields &record) {
    const Fields o = top(record);
    ParentRecord r;
    r.id = required_id(o);
    r.name = name_of(o);
    r.email = text(o, "email_1");
    r.username = text(o, "username");
    r.roles = text(o, "roles");
    r.household_id = id_field(o, "household_id");
    r.last_modified = text(o, "last_modified_date");
    return r;
}

StudentRecord parse_student(const RecordFields &record) {
    const Fields o = top(record);
    StudentRecord r;
    r.id = required_id(o);
    r.name = name_of(o);
    r.email = text(o, "email_1");
    r.username = text(o, "username");
    r.household_id = id_field(o, "household_id");
    r.grade_level = id_field(o, "grade_level");
    r.school_level = id_field(o, "school_level");
    r.enrollment_status = id_field(o, "enrollment_status");
    r.advisor_id = nested_id(o, "advisor");
    r.homeroom_teacher_id = nested_id(o, "homeroom_teacher");
    r.last_modified = text(o, "last_modified_date");
    return r;
}

RelationshipRecord parse_relationship(const RecordFields &record) {
    const Fields o = top(record);
    RelationshipRecord r;
    r.id = required_id(o);
    r.person_id = id_field(o, "person_id");
    r.related_person_id = id_field(o, "related_person_id");
    if (r.person_id <= 0 || r.related_person_id <= 0) bad("person_id", "or related_person_id is missing");
    r.relationship = id_field(o, "relationship");
    r.parent_portal_access = flag(o, "parent_portal_access");
    r.legal_custody = flag(o, "legal_custody");
    r.resident = flag(o, "resident");
    r.deceased = flag(o, "related_person_is_deceased");
    r.custody_status = text(o, "custody_status");
    r.last_modified = text(o, "last_modified_date");
    return r;
}

GradingPeriodRecord parse_grading_period(const RecordFields &record) {
    const Fields o = top(record);
    GradingPeriodRecord r;
    r.id = required_id(o);
    r.description = text(o, "description");
    r.abbreviation = text(o, "abbreviation");
    r.start = date(o, "start_date");
    r.end = date(o, "end_date");
    r.school_year = id_field(o, "school_year");
    Fields group = o;
    if (object_of(o, "group", group)) {
        r.group_id = id_field(group, "id");
        r.group_description = text(group, "description");
    }
    r.last_modified = text(o, "last_modified_date");
    return r;
}

GradingPeriodRecord parse_grading_period(const Poco::JSON::Object &record) {
    RecordFields fields;
    fill_fields(fields, record);
    return parse_grading_period(fields);
}

ClassRecord parse_class(const RecordFields &record) {
    const Fields o = top(record);
    ClassRecord r;
    r.id = required_id(o);
    r.class_code = text(o, "class_id");
    r.description = text(o, "description");
    r.school_level = id_field(o, "school_level");
    r.school_year = id_field(o, "school_year");
    r.status = id_field(o, "status");
    r.primary_teacher_id = id_field(o, "primary_teacher_id");
    r.begin = date(o, "begin_date");
    r.end = date(o, "end_date");
    r.course_id = id_field(o, "internal_course_id");
    Fields course = o;
    if (object_of(o, "course", course)) {
        if (!r.course_id) r.course_id = id_field(course, "id");
        r.course_code = text(course, "course_id");
        r.course_name = text(course, "course_name");
    }
    r.last_modified = text(o, "last_modified_date");
    return r;
}

EnrollmentRecord parse_enrollment(const RecordFields &record) {
    const Fields o = top(record);
    EnrollmentRecord r;
    r.id = required_id(o);
    r.class_id = id_field(o, "internal_class_id");
    r.person_id = id_field(o, "person_id");
    if (r.class_id <= 0 || r.person_id <= 0) bad("internal_class_id", "or person_id is missing");
    r.late_date_enrolled = date(o, "late_date_enrolled");
    r.date_withdrawn = date(o, "date_withdrawn");
    r.last_modified = text(o, "last_modified_date");
    return r;
}

// {"class": {"id"}, "person": {"id"}}: who may teach which class.
PermissionRecord parse_permission(const RecordFields &record) {
    const Fields o = top(record);
    PermissionRecord r;
    r.id = required_id(o);
    r.class_id = nested_id(o, "class");
    r.person_id = nested_id(o, "person");
    if (r.class_id <= 0 || r.person_id <= 0) bad("class.id", "or person.id is missing");
    return r;
}

// The documented link of a class to a grading period: grading_period.id.
ClassScheduleRecord parse_class_schedule(const RecordFields &record) {
    const Fields o = top(record);
    ClassScheduleRecord r;
    r.id = required_id(o);
    r.class_id = id_field(o, "internal_class_id");
    r.grading_period_id = nested_id(o, "grading_period");
    if (r.class_id <= 0 || r.grading_period_id <= 0) bad("internal_class_id", "or grading_period.id is missing");
    return r;
}

} // namespace veracross

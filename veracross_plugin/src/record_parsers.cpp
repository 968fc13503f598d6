#include "record_parsers.hpp"

#include <Poco/NumberParser.h>

#include <cctype>

namespace veracross {
namespace {

using Poco::JSON::Object;

[[noreturn]] void bad(const std::string &field, const std::string &problem) {
    throw BadRecord("field " + field + " " + problem);
}

// One lookup per field: a missing field and a JSON null both read as an
// empty Var (Poco's own isNull says the same), so no has()/isNull() first.
Poco::Dynamic::Var value_of(const Object &o, const std::string &field) { return o.get(field); }

// Ids come as numbers; tolerate numeric strings.
Id id_of(const Poco::Dynamic::Var &v, const std::string &field) {
    if (v.isEmpty()) return 0;
    if (v.isInteger()) return v.convert<Id>();
    if (v.isString()) {
        Poco::Int64 n = 0;
        if (Poco::NumberParser::tryParse64(v.extract<std::string>(), n)) return n;
        if (v.extract<std::string>().empty()) return 0;
    }
    bad(field, "is not a whole number");
}

Id id_field(const Object &o, const std::string &field) { return id_of(value_of(o, field), field); }

// {"id": 7, "name": ...} in list records; a plain 7 in some read records.
Id nested_id(const Object &o, const std::string &field) {
    const Poco::Dynamic::Var v = value_of(o, field);
    if (v.type() == typeid(Object::Ptr)) {
        const auto &inner = v.extract<Object::Ptr>();
        return inner ? id_field(*inner, "id") : 0;
    }
    return id_of(v, field);
}

std::string text(const Object &o, const std::string &field) {
    const Poco::Dynamic::Var v = value_of(o, field);
    if (v.isEmpty()) return {};
    if (v.isString()) return v.extract<std::string>();
    if (v.isNumeric() || v.isBoolean()) return v.convert<std::string>();
    bad(field, "is not text");
}

bool flag(const Object &o, const std::string &field) {
    const Poco::Dynamic::Var v = value_of(o, field);
    if (v.isEmpty()) return false;
    if (v.isBoolean()) return v.extract<bool>();
    if (v.isString()) {
        const std::string s = v.extract<std::string>();
        if (s == "true" || s == "false") return s == "true";
    }
    if (v.isInteger()) return v.convert<int>() != 0;
    bad(field, "is not true or false");
}

// "2026-09-01" or "2026-09-01T00:00:00Z" -> "2026-09-01".
Date date(const Object &o, const std::string &field) {
    const std::string s = text(o, field);
    if (s.empty()) return {};
    const bool ok = s.size() >= 10 && s[4] == '-' && s[7] == '-' &&
                    std::isdigit(static_cast<unsigned char>(s[0])) &&
                    std::isdigit(static_cast<unsigned char>(s[5])) &&
                    std::isdigit(static_cast<unsigned char>(s[8])) &&
                    (s.size() == 10 || s[10] == 'T' || s[10] == ' ');
    if (!ok) bad(field, "is not a date (YYYY-MM-DD)");
    return s.substr(0, 10);
}

Id required_id(const Object &o) {
    const Id id = id_field(o, "id");
    if (id <= 0) bad("id", "is missing");
    return id;
}

Name name_of(const Object &o) { return {text(o, "first_name"), text(o, "preferred_name"), text(o, "last_name")}; }

} // namespace

std::string record_id_text(const Object &record) {
    try {
        const Id id = id_field(record, "id");
        return id > 0 ? std::to_string(id) : "?";
    } catch (const BadRecord &) {
        return "?";
    }
}

StaffRecord parse_staff(const Object &o) {
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

ParentRecord parse_parent(const Object &o) {
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

StudentRecord parse_student(const Object &o) {
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

RelationshipRecord parse_relationship(const Object &o) {
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

GradingPeriodRecord parse_grading_period(const Object &o) {
    GradingPeriodRecord r;
    r.id = required_id(o);
    r.description = text(o, "description");
    r.abbreviation = text(o, "abbreviation");
    r.start = date(o, "start_date");
    r.end = date(o, "end_date");
    r.school_year = id_field(o, "school_year");
    if (auto group = o.getObject("group")) {
        r.group_id = id_field(*group, "id");
        r.group_description = text(*group, "description");
    }
    r.last_modified = text(o, "last_modified_date");
    return r;
}

ClassRecord parse_class(const Object &o) {
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
    if (auto course = o.getObject("course")) {
        if (!r.course_id) r.course_id = id_field(*course, "id");
        r.course_code = text(*course, "course_id");
        r.course_name = text(*course, "course_name");
    }
    r.last_modified = text(o, "last_modified_date");
    return r;
}

EnrollmentRecord parse_enrollment(const Object &o) {
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

} // namespace veracross

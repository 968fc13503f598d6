// The Veracross records the importer reads, reduced to the fields it uses.
// Pages are parsed into these as they arrive, so memory holds no JSON trees.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace veracross {

using Id = std::int64_t; // 0 = none (Veracross ids start at 1)
// Dates are kept as "YYYY-MM-DD" text ("" = none): they compare correctly as text.
using Date = std::string;

struct Name {
    std::string first, preferred, last;
};

struct StaffRecord {
    Id id = 0;
    Name name;
    std::string email, username, roles, job_title;
    Id household_id = 0, faculty_type = 0;
    Date date_terminated;
    std::string last_modified;
};

struct ParentRecord {
    Id id = 0;
    Name name;
    std::string email, username, roles;
    Id household_id = 0;
    std::string last_modified;
};

struct StudentRecord {
    Id id = 0;
    Name name;
    std::string email, username;
    Id household_id = 0, grade_level = 0, school_level = 0, enrollment_status = 0;
    Id advisor_id = 0, homeroom_teacher_id = 0;
    std::string last_modified;
};

struct RelationshipRecord {
    Id id = 0, person_id = 0, related_person_id = 0, relationship = 0;
    bool parent_portal_access = false, legal_custody = false, resident = false, deceased = false;
    std::string custody_status, last_modified;
};

struct GradingPeriodRecord {
    Id id = 0, school_year = 0, group_id = 0;
    std::string description, abbreviation, group_description;
    Date start, end;
    std::string last_modified;
};

struct ClassRecord {
    Id id = 0; // internal class id
    std::string class_code, description, course_name, course_code;
    Id course_id = 0, school_level = 0, school_year = 0, status = 0, primary_teacher_id = 0;
    Date begin, end;
    std::string last_modified;
};

struct EnrollmentRecord {
    Id id = 0, class_id = 0, person_id = 0;
    Date late_date_enrolled, date_withdrawn;
    std::string last_modified;
};

// A person's permission on a class (academics/permissions): primary
// teachers, co-teachers and assistants alike.
struct PermissionRecord {
    Id id = 0, class_id = 0, person_id = 0;
};

// A class meeting in a grading period (academics/class_schedules).
struct ClassScheduleRecord {
    Id id = 0, class_id = 0, grading_period_id = 0;
};

// One coded field's descriptions, from the school's own value lists.
struct ValueListItem {
    std::string id; // as text: ids may be numbers or strings
    std::string description;
};

} // namespace veracross

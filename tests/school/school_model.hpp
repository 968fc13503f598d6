// The generator's plain model of a school, before it becomes Veracross JSON
// records (record_writer.cpp). Coded values are value-list ids (Codes);
// dates are day numbers (dates.hpp).
#pragma once

#include "names.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vcsim::model {

using Id = std::int64_t;

struct Household {
    Id id = 0;
    std::string name, street, city, state, zip, phone;
    Id country = 0;
    std::string modified;
};

struct StaffMember {
    Id id = 0;
    PersonName name;
    Sex sex = Sex::female;
    Id household_id = 0;
    Id prefix = 0, suffix = 0, faculty_type = 0, department = 0, campus = 0;
    std::string job_title, roles, username;
    std::optional<std::string> email;
    int level = -1; // 0..2 for a school-level teacher, -1 for whole-school staff
    int date_hired = 0;
    std::optional<int> date_terminated;
    std::string modified;
};

struct Parent {
    Id id = 0; // may equal a staff member's id: one person, two roles
    PersonName name;
    Sex sex = Sex::female;
    Id household_id = 0, spouse_id = 0, prefix = 0, suffix = 0, occupation = 0;
    bool head_of_household = false;
    std::optional<std::string> email;
    std::string username, roles = "Parent", mobile_phone, employer, job_title;
    std::string modified;
};

struct Student {
    Id id = 0;
    PersonName name;
    Sex sex = Sex::female;
    Id household_id = 0;
    int grade = 0; // 0 = Kindergarten .. 12
    std::optional<std::string> email;
    std::string username;
    Id suffix = 0, homeroom = 0, homeroom_teacher = 0, advisor = 0, campus = 0, status = 0, student_group = 0;
    Id house = 0;
    int entry_date = 0, birthday = 0;
    std::optional<int> exit_date;
    bool in_scripted_family = false; // awkward-case families keep their enrollments plain
    std::string modified;
};

struct Relationship {
    Id id = 0, person_id = 0, related_person_id = 0, relationship = 0;
    bool resident = true, legal_custody = true, emergency = true, pick_up = true, portal_access = true;
    bool deceased = false;
    std::string custody_status;
    std::string modified;
};

struct GradingPeriod {
    Id id = 0, group_id = 0, type = 0;
    int level = 0, school_year = 0, period_index = 0;
    std::string description, abbreviation, group_description;
    bool major = false, minor = false;
    int start = 0, end = 0;
    std::string modified;
};

struct Course {
    Id id = 0, course_type = 0, subject = 0, department = 0;
    std::string code, name;
};

struct SchoolClass {
    Id id = 0, course_id = 0, teacher_id = 0, room_id = 0, status = 0, school_level = 0, grade_level = 0;
    Id campus = 0;
    int level = 0, school_year = 0;
    std::string code, description;
    int begin = 0;
    std::optional<int> end; // null for an open-ended class
    std::string modified;
};

struct Enrollment {
    Id id = 0, class_id = 0, student_id = 0, level = 0;
    std::optional<int> late_date_enrolled, date_withdrawn;
    std::string modified;
};

// A teacher's permission on a class (academics/permissions): primary
// teachers and co-teachers alike.
struct Permission {
    Id id = 0, class_id = 0, person_id = 0, role = 0;
    std::string modified;
};

// A class meeting in a grading period (academics/class_schedules).
struct Meeting {
    Id id = 0, class_id = 0, grading_period_id = 0, day = 0;
    int block = 0;
    std::string modified;
};

struct School {
    std::vector<Household> households;
    std::vector<StaffMember> staff;
    std::vector<Parent> parents;
    std::vector<Student> students;
    std::vector<Relationship> relationships;
    std::vector<GradingPeriod> grading_periods;
    std::vector<Course> courses;
    std::vector<SchoolClass> classes;
    std::vector<Enrollment> enrollments;
    std::vector<Permission> permissions;
    std::vector<Meeting> meetings;
    // Teachers by school level and subject (value-list description).
    std::map<std::pair<int, std::string>, std::vector<Id>> teachers;
    Id counselor_id = 0, staff_parent_id = 0, aunt_teacher_id = 0;
    // rules_cases.cpp: a teacher who left mid-year, a parent with a teacher's email.
    Id terminated_teacher_id = 0, shared_email_parent_id = 0;
};

} // namespace vcsim::model

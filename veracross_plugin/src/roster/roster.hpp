// The result of joining a school's records for one event: who is in it,
// which parent may book which teacher for which child and class, and what
// an admin should look at. SIS-independent in shape (roster_json.cpp).
#pragma once

#include "records/records.hpp"

#include <map>
#include <string>
#include <vector>

namespace veracross {

enum class PersonKind { teacher, staff, student, parent };
// "teacher", "staff", "student", "parent": the names the result uses.
const char *kind_name(PersonKind kind);

struct RosterPerson {
    Id id = 0;
    PersonKind kind = PersonKind::student; // the first of roles
    std::vector<PersonKind> roles;         // every role in the event: a teacher who is a parent has both
    Name name;
    std::string email, username;
    Id household_id = 0;
    Id grade_level = 0, school_level = 0; // students
};

struct ParentLink {
    Id parent_id = 0, student_id = 0, relationship = 0;
    bool portal_access = false, legal_custody = false, resident = false, deceased = false;
    bool may_book = false;
};

struct RosterClass {
    Id id = 0;
    std::string class_code, description, course_code, course_name;
    Id school_level = 0, school_year = 0;
    Date begin, end;
    std::vector<Id> teacher_ids;        // primary teacher first
    std::vector<Id> grading_period_ids; // the event's periods this class overlaps
};

struct RosterEnrollment {
    Id id = 0, class_id = 0, student_id = 0;
    Date start, end; // late_date_enrolled, date_withdrawn ("" = whole class)
};

struct Booking {
    Id parent_id = 0, student_id = 0, teacher_id = 0, class_id = 0; // class 0: advisor/homeroom
    std::string reason; // class | advisor | homeroom
    // Split households: the parent's household group ("household-<id>",
    // "parent-<id>"); "" when the student's parents book as one (booking_groups.hpp).
    std::string booking_group;
};

struct RosterWarning {
    std::string code;    // machine name, e.g. parent_without_email
    std::string message; // what to look at, in words
    std::vector<std::string> ids;
};

struct Roster {
    std::vector<GradingPeriodRecord> grading_periods; // the event's
    std::map<Id, Id> period_levels;                   // period id -> school level (0: every level)
    Id school_year = 0;                               // the year the periods' names resolved in
    Date window_start, window_end;
    std::vector<RosterPerson> people;       // sorted by kind, then id
    std::vector<ParentLink> links;          // sorted by parent, student
    std::vector<RosterClass> classes;       // sorted by id
    std::vector<RosterEnrollment> enrollments;
    std::vector<Booking> bookings;          // sorted, unique
    std::vector<RosterWarning> warnings;
    std::vector<std::string> notes;         // how the import decided things
};

} // namespace veracross

// Everything the importer fetched from one school, as structs.
#pragma once

#include "records/records.hpp"
#include "records/value_lists.hpp"

#include <string>
#include <vector>

namespace veracross {

// A record that could not be read: reported as a warning, never a crash.
struct UnreadableRecord {
    std::string resource; // e.g. "students"
    std::string id;       // "?" when even the id was unreadable
    std::string problem;
};

struct SchoolData {
    std::vector<StaffRecord> staff;
    std::vector<ParentRecord> parents;
    std::vector<StudentRecord> students;
    std::vector<RelationshipRecord> relationships;
    std::vector<GradingPeriodRecord> grading_periods;
    std::vector<ClassRecord> classes;
    std::vector<EnrollmentRecord> enrollments;
    // The optional scopes' collections, and whether each was read (its scope granted).
    std::vector<PermissionRecord> permissions;
    std::vector<ClassScheduleRecord> class_schedules;
    bool permissions_read = false, class_schedules_read = false;
    ValueLists value_lists;
    std::vector<UnreadableRecord> unreadable;
};

} // namespace veracross

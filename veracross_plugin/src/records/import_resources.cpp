#include "records/import_resources.hpp"

namespace veracross {

const std::vector<ImportResource> &import_resources() {
    static const std::vector<ImportResource> resources{
        {"staff_faculty", "staff_faculty:list", "staff_faculty", false},
        {"parents", "parents:list", "parents", false},
        {"students", "students:list", "students", true},
        {"relationships", "relationships:list", "relationships", true},
        {"academics/config/grading_periods", "academics.config.grading_periods:list", "grading_periods", true},
        {"academics/classes", "academics.classes:list", "classes", true},
        {"academics/enrollments", "academics.enrollments:list", "enrollments", true},
    };
    return resources;
}

const std::vector<ImportResource> &optional_import_resources() {
    static const std::vector<ImportResource> resources{
        {"academics/permissions", "academics.permissions:list", "permissions", false},
        {"academics/class_schedules", "academics.class_schedules:list", "class_schedules", false},
    };
    return resources;
}

} // namespace veracross

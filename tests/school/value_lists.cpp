#include "value_lists.hpp"

#include <Poco/JSON/Object.h>

#include <stdexcept>

namespace vcsim {

namespace {

const std::vector<ValueItem> &find_list(const std::map<std::string, std::vector<ValueItem>> &lists,
                                        const std::string &list) {
    auto found = lists.find(list);
    if (found == lists.end()) throw std::out_of_range("no value list " + list);
    return found->second;
}

} // namespace

const std::vector<std::string> &grade_names() {
    static const std::vector<std::string> names = {"Kindergarten", "Grade 1", "Grade 2",  "Grade 3", "Grade 4",
                                                   "Grade 5",      "Grade 6", "Grade 7",  "Grade 8", "Grade 9",
                                                   "Grade 10",     "Grade 11", "Grade 12"};
    return names;
}

const std::vector<std::string> &level_names() {
    static const std::vector<std::string> names = {"Lower School", "Middle School", "Upper School"};
    return names;
}

int level_of_grade(int grade) { return grade <= 5 ? 0 : grade <= 8 ? 1 : 2; }

Codes::Codes(Rng &rng) {
    // Grade and school-level ids are the school's own: never hard-code them.
    std::vector<std::string> grades = {"Pre-Kindergarten"};
    grades.insert(grades.end(), grade_names().begin(), grade_names().end());
    define("grade_level", 19 + 10 * rng.between(0, 2), grades);
    std::vector<std::string> levels = {"Early Childhood"};
    levels.insert(levels.end(), level_names().begin(), level_names().end());
    define("school_level", rng.pick(std::vector<std::int64_t>{1, 3, 11}), levels);

    define("gender", 1, {"Male", "Female", "Non-Binary", "Not Specified"});
    define("name_prefix", 1, {"Mr.", "Ms.", "Mrs.", "Dr.", "Mx."});
    define("name_suffix", 1, {"Jr.", "Sr.", "II", "III"});
    define("faculty_type", 1, {"Faculty", "Staff", "Administrator", "Substitute"});
    define("department", 101,
           {"Administration", "Arts", "English", "Mathematics", "Science", "History", "World Languages",
            "Physical Education", "Lower School", "Technology", "Student Support"});
    define("campus", 1, {"Main Campus", "North Campus"});
    define("enrollment_status", 5, {"Enrolled"});
    lists_["enrollment_status"].push_back({18, "Re-Enrolled", 2});
    lists_["enrollment_status"].push_back({7, "Withdrawn", 3});
    lists_["enrollment_status"].push_back({9, "Graduated", 4});
    define("student_group", 1, {"Day Student", "Boarding Student"});
    define("relationship", 1,
           {"Father", "Mother", "Step-Father", "Step-Mother", "Guardian", "Grandfather", "Grandmother", "Uncle",
            "Aunt", "Son", "Daughter", "Child", "Brother", "Sister", "Sibling", "Other"});
    define("school_year", 2024, {"2024-2025", "2025-2026", "2026-2027"});
    define("class_status", 1, {"Active", "Future", "Completed", "Cancelled"});
    define("course_type", 1, {"Academic", "Homeroom", "Advisory", "Study Hall", "Elective"});
    define("subject", 201,
           {"English", "Mathematics", "Science", "History", "World Languages", "Visual Arts", "Music",
            "Physical Education", "Health", "Computer Science", "Homeroom", "Study Skills"});
    define("portal_visibility", 1, {"Visible", "Hidden"});
    define("assignment_display", 1, {"Show All", "Show Graded Only", "Hide"});
    define("enrollment_level", 1, {"Standard", "Honors", "Advanced Placement"});
    define("grading_period_type", 1, {"Year", "Semester", "Quarter", "Trimester"});
    define("country", 1, {"United States", "Canada", "Viet Nam", "Poland", "Mexico", "China"});
    define("occupation", 1, {"Engineer", "Teacher", "Physician", "Attorney", "Artist", "Homemaker", "Nurse"});
    define("permission_role", 1, {"Teacher", "Co-Teacher", "Assistant Teacher"});
    define("schedule_day", 1, {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"});
    define("person_role", 1, {"Student", "Parent", "Faculty", "Staff"});
    lists_["homeroom"]; // filled as Lower and Middle School sections are made
}

void Codes::define(const std::string &list, std::int64_t first_id, const std::vector<std::string> &descriptions) {
    std::vector<ValueItem> &items = lists_[list];
    for (std::size_t i = 0; i < descriptions.size(); ++i)
        items.push_back({first_id + static_cast<std::int64_t>(i), descriptions[i], static_cast<int>(i + 1)});
}

std::int64_t Codes::id(const std::string &list, const std::string &description) const {
    for (const ValueItem &item : find_list(lists_, list))
        if (item.description == description) return item.id;
    throw std::out_of_range("value list " + list + " has no " + description);
}

const std::string &Codes::description(const std::string &list, std::int64_t id) const {
    for (const ValueItem &item : find_list(lists_, list))
        if (item.id == id) return item.description;
    throw std::out_of_range("value list " + list + " has no id " + std::to_string(id));
}

const std::vector<ValueItem> &Codes::items(const std::string &list) const { return find_list(lists_, list); }

std::int64_t Codes::add(const std::string &list, const std::string &description) {
    std::vector<ValueItem> &items = lists_[list];
    const std::int64_t id = items.empty() ? 1 : items.back().id + 1;
    items.push_back({id, description, static_cast<int>(items.size() + 1)});
    return id;
}

namespace {

// Which lists code which fields, per resource path: only fields the
// published schema names as value-list fields (tests/contract/).
using FieldsByList = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The list shape's (and the read shape's, unless read_coded_fields has the path).
const std::map<std::string, FieldsByList> &coded_fields() {
    static const std::map<std::string, FieldsByList> table = {
        {"staff_faculty",
         {{"name_prefix", {"name_prefix"}},
          {"name_suffix", {"name_suffix"}},
          {"gender", {"gender"}},
          {"faculty_type", {"faculty_type"}},
          {"department", {"department"}},
          {"campus", {"campus"}}}},
        {"parents", {{"name_prefix", {"name_prefix"}}, {"name_suffix", {"name_suffix"}}, {"gender", {"gender"}}}},
        {"students",
         {{"gender", {"gender"}},
          {"grade_level", {"grade_level"}},
          {"school_level", {"school_level"}},
          {"homeroom", {"homeroom"}},
          {"campus", {"campus.id"}},
          {"enrollment_status", {"enrollment_status"}},
          {"student_group", {"student_group"}}}},
        {"relationships", {{"relationship", {"relationship"}}}},
        {"households", {{"country", {"country"}}}},
        {"academics/config/grading_periods",
         {{"school_year", {"school_year"}}, {"grading_period_type", {"group.type"}}}},
        {"academics/classes",
         {{"class_status", {"status"}},
          {"school_year", {"school_year"}},
          {"school_level", {"school_level"}},
          {"course_type", {"course_type"}},
          {"subject", {"subject_id"}},
          {"portal_visibility", {"parent_portal_visibility", "student_portal_visibility"}},
          {"assignment_display", {"parent_portal_assignment_display", "student_portal_assignment_display"}}}},
        {"academics/enrollments", {{"class_status", {"class_status"}}, {"enrollment_level", {"level"}}}},
        {"academics/permissions",
         {{"school_year", {"school_year"}},
          {"school_level", {"school_level"}},
          {"course_type", {"course.course_type"}},
          {"permission_role", {"role"}}}},
        {"academics/class_schedules",
         {{"school_level", {"school_level"}}, {"school_year", {"school_year"}}, {"schedule_day", {"day.id"}}}},
    };
    return table;
}

// Read shapes whose value lists differ from the list shape's.
const std::map<std::string, FieldsByList> &read_coded_fields() {
    static const std::map<std::string, FieldsByList> table = {
        {"parents",
         {{"name_prefix", {"name_prefix"}},
          {"name_suffix", {"name_suffix"}},
          {"gender", {"gender"}},
          {"country", {"address.country"}},
          {"occupation", {"occupation"}}}},
        {"students",
         {{"name_suffix", {"name_suffix"}},
          {"gender", {"gender"}},
          {"grade_level", {"grade_level"}},
          {"school_level", {"school_level"}},
          {"homeroom", {"homeroom"}},
          {"campus", {"campus"}},
          {"enrollment_status", {"enrollment_status"}}}},
        {"academics/classes",
         {{"class_status", {"status"}},
          {"school_year", {"school_year"}},
          {"school_level", {"school_level"}},
          {"subject", {"subject_id"}},
          {"portal_visibility", {"parent_portal_visibility", "student_portal_visibility"}},
          {"assignment_display", {"parent_portal_assignment_display", "student_portal_assignment_display"}}}},
    };
    return table;
}

} // namespace

Poco::JSON::Array::Ptr value_lists_of(const std::string &path, const Codes &codes, bool read_shape) {
    Poco::JSON::Array::Ptr lists = new Poco::JSON::Array;
    const auto &table = read_shape && read_coded_fields().count(path) ? read_coded_fields() : coded_fields();
    auto found = table.find(path);
    if (found == table.end()) return lists;
    for (const auto &[list, fields] : found->second) {
        Poco::JSON::Array::Ptr field_names = new Poco::JSON::Array;
        for (const std::string &field : fields) field_names->add(field);
        Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
        for (const ValueItem &item : codes.items(list)) {
            Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
            entry->set("id", item.id);
            entry->set("description", item.description);
            entry->set("sort_key", item.sort_key);
            items->add(entry);
        }
        Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
        entry->set("fields", field_names);
        entry->set("items", items);
        entry->set("categories", Poco::JSON::Array::Ptr(new Poco::JSON::Array)); // required, unused here
        lists->add(entry);
    }
    return lists;
}

} // namespace vcsim

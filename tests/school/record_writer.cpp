#include "record_writer.hpp"

#include "dates.hpp"
#include "generation_context.hpp"

#include <algorithm>
#include <cstdio>
#include <future>
#include <set>
#include <unordered_map>

namespace vcsim {

namespace {

using Poco::Dynamic::Var;

const Var null;

Record object() { return new Poco::JSON::Object; }

Var text_or_null(const std::optional<std::string> &text) { return text ? Var(*text) : null; }
Var text_or_null(const std::string &text) { return text.empty() ? null : Var(text); }
Var id_or_null(Id id) { return id ? Var(id) : null; }
Var date_or_null(const std::optional<int> &day) { return day ? Var(date_text(*day)) : null; }

// The filters of each resource, exactly the documented ones
// (tests/contract/data_api_contract.json): query parameter -> record field.
std::map<std::string, std::string> filters_of(const std::string &path) {
    auto dated = [](std::map<std::string, std::string> filters, const std::string &field) {
        filters["on_or_before_" + field] = field;
        filters["on_or_after_" + field] = field;
        return filters;
    };
    if (path == "staff_faculty")
        return dated(dated({{"household_id", "household_id"},
                            {"faculty_type", "faculty_type"},
                            {"campus", "campus"},
                            {"employee_code", "employee_code"},
                            {"role", "unlisted:role"},
                            {"school_level", "unlisted:school_level"}},
                           "date_hired"),
                     "date_terminated");
    if (path == "parents") // include_deceased: accepted; the simulator lists deceased parents anyway (docs)
        return {{"household_id", "household_id"}, {"role", "roles"}, {"include_deceased", ""}};
    if (path == "students")
        return dated(dated(dated({{"household_id", "household_id"},
                                  {"homeroom", "homeroom"},
                                  {"homeroom_teacher_id", "homeroom_teacher.id"},
                                  {"advisor_id", "advisor.id"},
                                  {"campus_id", "campus.id"},
                                  {"enrollment_status", "enrollment_status"},
                                  {"role", "unlisted:role"}},
                                 "last_modified_date"),
                           "entry_date"),
                     "exit_date");
    if (path == "relationships")
        return dated({{"person_id", "person_id"},
                      {"related_person_id", "related_person_id"},
                      {"relationship", "relationship"},
                      {"resident", "resident"},
                      {"legal_custody", "legal_custody"},
                      {"emergency", "emergency"},
                      {"pick_up", "pick_up"},
                      {"parent_portal_access", "parent_portal_access"},
                      {"related_person_is_deceased", "related_person_is_deceased"},
                      {"role", "unlisted:role"},
                      {"related_person_role", "unlisted:related_person_role"}},
                     "last_modified_date");
    if (path == "academics/config/grading_periods")
        return dated(dated(dated({{"group_id", "group.id"},
                                  {"school_year", "school_year"},
                                  {"last_modified_date", "last_modified_date"}},
                                 "start_date"),
                           "end_date"),
                     "last_modified_date");
    if (path == "academics/classes")
        return dated({{"id", "id"},
                      {"school_year", "school_year"},
                      {"campus_id", "campus_id"},
                      {"school_level", "school_level"},
                      {"course_type", "course_type"},
                      {"internal_course_id", "internal_course_id"},
                      {"primary_teacher_id", "primary_teacher_id"},
                      {"room_id", "room_id"},
                      {"internal_group_id", "internal_group_id"},
                      {"parent_portal_visibility", "parent_portal_visibility"},
                      {"parent_portal_assignment_display", "parent_portal_assignment_display"},
                      {"student_portal_visibility", "student_portal_visibility"},
                      {"student_portal_assignment_display", "student_portal_assignment_display"}},
                     "last_modified_date");
    if (path == "academics/enrollments")
        return dated(dated(dated({{"internal_class_id", "internal_class_id"},
                                  {"class_status", "class_status"},
                                  {"person_id", "person_id"},
                                  {"exclude_from_transcript", "exclude_from_transcript"},
                                  {"school_year", "unlisted:school_year"},
                                  {"course_type", "unlisted:course_type"},
                                  {"subject", "unlisted:subject"},
                                  {"currently_enrolled", "currently_enrolled"}},
                                 "late_date_enrolled"),
                           "date_withdrawn"),
                     "last_modified_date");
    if (path == "households") return dated({}, "last_modified_date");
    if (path == "academics/permissions")
        return dated({{"school_year", "school_year"},
                      {"school_level", "school_level"},
                      {"course_id", "course.id"},
                      {"class_id", "class.id"},
                      {"person_id", "person.id"},
                      {"course_type", "course.course_type"},
                      {"course_type_not", "course.course_type"},
                      {"last_modified_date", "last_modified_date"}},
                     "last_modified_date");
    if (path == "academics/class_schedules") // no last-modified filter is documented
        return {{"school_level", "school_level"},
                {"school_year", "school_year"},
                {"block_group", "block_group"},
                {"room_id", "room.id"},
                {"campus_id", "campus_id"},
                {"grading_period_id", "grading_period.id"},
                {"day_id", "day.id"},
                {"block_id", "block.id"},
                {"primary_teacher_id", "primary_teacher_id"}};
    return {};
}

class RecordWriter {
public:
    RecordWriter(const model::School &school, const Codes &codes) : school_(school), codes_(codes) {
        for (const auto &s : school.staff) names_[s.id] = &s.name;
        for (const auto &p : school.parents) names_[p.id] = &p.name;
        for (const auto &s : school.students) names_[s.id] = &s.name;
        for (const auto &s : school.staff) staff_[s.id] = &s;
        for (const auto &h : school.households) households_[h.id] = &h;
        for (const auto &c : school.courses) courses_[c.id] = &c;
        for (const auto &c : school.classes) classes_[c.id] = &c;
        for (const auto &s : school.students) students_[s.id] = &s;
        for (const auto &p : school.grading_periods) periods_[p.id] = &p;
    }

    // Fills the records of one resource, listed by id as the simulator serves them.
    void write(const std::string &path, Resource &r) {
        if (path == "staff_faculty")
            for (const auto *s : by_id(school_.staff)) {
                r.records.push_back(staff(*s));
                r.unlisted["role"][s->id] = std::to_string(role_of(s->id));
                if (s->level >= 0)
                    r.unlisted["school_level"][s->id] = std::to_string(
                        codes_.id("school_level", level_names()[static_cast<std::size_t>(s->level)]));
            }
        if (path == "parents")
            for (const auto *p : by_id(school_.parents)) add(r, p->id, parent(*p, false), parent(*p, true));
        if (path == "students")
            for (const auto *s : by_id(school_.students)) {
                add(r, s->id, student(*s, false), student(*s, true));
                r.unlisted["role"][s->id] = std::to_string(role_of(s->id));
            }
        if (path == "relationships")
            for (const auto *rel : by_id(school_.relationships)) {
                r.records.push_back(relationship(*rel));
                r.unlisted["role"][rel->id] = std::to_string(role_of(rel->person_id));
                r.unlisted["related_person_role"][rel->id] = std::to_string(role_of(rel->related_person_id));
            }
        if (path == "households")
            for (const auto *h : by_id(school_.households)) r.records.push_back(household(*h));
        if (path == "academics/config/grading_periods")
            for (const auto *p : by_id(school_.grading_periods)) r.records.push_back(period(*p));
        if (path == "academics/classes")
            for (const auto *c : by_id(school_.classes)) add(r, c->id, school_class(*c, false), school_class(*c, true));
        if (path == "academics/enrollments")
            for (const auto *e : by_id(school_.enrollments)) {
                r.records.push_back(enrollment(*e));
                const model::SchoolClass &c = *classes_.at(e->class_id);
                const model::Course &course = *courses_.at(c.course_id);
                r.unlisted["school_year"][e->id] = std::to_string(c.school_year);
                r.unlisted["course_type"][e->id] = std::to_string(course.course_type);
                r.unlisted["subject"][e->id] = std::to_string(course.subject);
            }
        if (path == "academics/permissions")
            for (const auto *p : by_id(school_.permissions)) r.records.push_back(permission(*p));
        if (path == "academics/class_schedules")
            for (const auto *m : by_id(school_.meetings)) r.records.push_back(meeting(*m));
    }

private:
    // A person's (first) role, as a value-list id: what Veracross's role filters compare.
    Id role_of(Id person) const {
        if (students_.count(person)) return codes_.id("person_role", "Student");
        auto member = staff_.find(person);
        if (member != staff_.end()) {
            const std::string &roles = member->second->roles;
            return codes_.id("person_role", roles.substr(0, roles.find(',')));
        }
        return codes_.id("person_role", "Parent");
    }

    template <class T> static std::vector<const T *> by_id(const std::vector<T> &items) {
        std::vector<const T *> sorted;
        sorted.reserve(items.size());
        for (const T &item : items) sorted.push_back(&item);
        std::sort(sorted.begin(), sorted.end(), [](const T *a, const T *b) { return a->id < b->id; });
        return sorted;
    }

    // Nested objects that repeat (a teacher, a campus) are made once and
    // shared by the records that hold them: a Poco object costs ~1 KB.
    template <class Make> static Record shared(std::unordered_map<Id, Record> &cache, Id key, Make make) {
        auto found = cache.find(key);
        if (found != cache.end()) return found->second;
        return cache[key] = make();
    }

    static void add(Resource &resource, Id id, const Record &listed, const Record &read) {
        resource.records.push_back(listed);
        resource.read_records[id] = read;
    }

    Var gender(Sex sex) const {
        return codes_.id("gender", sex == Sex::female ? "Female" : sex == Sex::male ? "Male" : "Non-Binary");
    }

    static void names(Poco::JSON::Object &r, const PersonName &name) {
        r.set("first_name", name.first);
        r.set("middle_name", text_or_null(name.middle));
        r.set("last_name", name.last);
        r.set("preferred_name", text_or_null(name.preferred));
    }

    // {"id", "name"} of a person, or both null.
    Record person_ref(Id id) {
        return shared(person_refs_, id, [&] {
            Record ref = object();
            ref->set("id", id_or_null(id));
            ref->set("name", id ? Var(full_name(*names_.at(id))) : null);
            return ref;
        });
    }

    Record staff(const model::StaffMember &s) const {
        Record r = object();
        r->set("id", s.id);
        r->set("name_prefix", s.prefix);
        r->set("name_suffix", id_or_null(s.suffix));
        names(*r, s.name);
        r->set("household_id", s.household_id);
        r->set("gender", gender(s.sex));
        r->set("faculty_type", s.faculty_type);
        r->set("department", s.department);
        r->set("job_title", s.job_title);
        r->set("employee_code", null);
        r->set("date_hired", date_text(s.date_hired));
        r->set("date_terminated", date_or_null(s.date_terminated));
        r->set("campus", s.campus);
        r->set("roles", s.roles);
        r->set("email_1", text_or_null(s.email));
        r->set("username", s.username);
        r->set("last_modified_date", s.modified);
        return r;
    }

    Record parent(const model::Parent &p, bool read) {
        Record r = object();
        r->set("id", p.id);
        r->set("household_id", p.household_id);
        r->set("head_of_household", p.head_of_household);
        r->set("name_prefix", p.prefix);
        names(*r, p.name);
        r->set("first_nick_name", p.name.preferred.value_or(p.name.first));
        r->set("name_suffix", id_or_null(p.suffix));
        r->set("spouse", person_ref(p.spouse_id));
        r->set("gender", gender(p.sex));
        r->set("roles", p.roles);
        r->set("email_1", text_or_null(p.email));
        r->set("username", p.username);
        r->set("last_modified_date", p.modified);
        if (!read) return r;
        const model::Household &home = *households_.at(p.household_id);
        r->set("email_2", null);
        r->set("home_phone", home.phone);
        r->set("mobile_phone", p.mobile_phone);
        r->set("business_phone", null);
        r->set("address", shared(addresses_, home.id, [&] {
            Record address = object();
            address->set("address_1", home.street);
            address->set("address_2", null);
            address->set("address_3", null);
            address->set("city", home.city);
            address->set("state_province", home.state);
            address->set("postal_code", home.zip);
            address->set("country", home.country);
            return address;
        }));
        r->set("employer", p.employer);
        r->set("occupation", p.occupation);
        r->set("job_title", p.job_title);
        return r;
    }

    Record student(const model::Student &s, bool read) {
        const int level = level_of_grade(s.grade);
        Record r = object();
        r->set("id", s.id);
        names(*r, s.name);
        r->set("household_id", s.household_id);
        r->set("gender", gender(s.sex));
        r->set("email_1", text_or_null(s.email));
        r->set("grade_level", codes_.id("grade_level", grade_names()[static_cast<std::size_t>(s.grade)]));
        r->set("school_level", codes_.id("school_level", level_names()[static_cast<std::size_t>(level)]));
        r->set("graduation_year", kSchoolYear + 1 + 12 - s.grade);
        r->set("homeroom", id_or_null(s.homeroom));
        r->set("homeroom_teacher", person_ref(s.homeroom_teacher));
        r->set("advisor", person_ref(s.advisor));
        r->set("username", s.username);
        r->set("entry_date", date_text(s.entry_date));
        r->set("exit_date", date_or_null(s.exit_date));
        r->set("birthday", date_text(s.birthday));
        r->set("last_modified_date", s.modified);
        r->set("enrollment_status", s.status);
        if (read) { // the read shape: campus as a plain id, name affixes, no roles/house/group
            r->set("campus", s.campus);
            r->set("name_prefix", null);
            r->set("name_suffix", id_or_null(s.suffix));
            r->set("current_location", null);
            return r;
        }
        r->set("campus", shared(campuses_, s.campus, [&] {
            Record campus = object();
            campus->set("id", s.campus);
            campus->set("description", codes_.description("campus", s.campus));
            return campus;
        }));
        r->set("roles", "Student");
        r->set("house", shared(houses_, s.house, [&] {
            static const char *names[] = {"Ash", "Birch", "Cedar", "Douglas"};
            Record house = object();
            house->set("id", id_or_null(s.house));
            house->set("name", s.house ? Var(names[s.house - 1]) : null);
            return house;
        }));
        r->set("student_group", s.student_group);
        return r;
    }

    Record relationship(const model::Relationship &rel) const {
        Record r = object();
        r->set("id", rel.id);
        r->set("person_id", rel.person_id);
        r->set("related_person_id", rel.related_person_id);
        names(*r, *names_.at(rel.related_person_id)); // the related person's names (a guess: see docs)
        r->set("relationship", rel.relationship);
        r->set("resident", rel.resident);
        r->set("custody_status", rel.custody_status);
        r->set("legal_custody", rel.legal_custody);
        r->set("emergency", rel.emergency);
        r->set("pick_up", rel.pick_up);
        r->set("parent_portal_access", rel.portal_access);
        r->set("profile_update_permission", rel.portal_access);
        r->set("receive_general_correspondence", rel.portal_access);
        r->set("receive_report_cards", rel.legal_custody);
        r->set("receive_invoices", rel.legal_custody && rel.resident);
        r->set("receive_other", false);
        r->set("medical_notification", rel.legal_custody);
        r->set("related_person_is_deceased", rel.deceased);
        r->set("last_modified_date", rel.modified);
        return r;
    }

    Record household(const model::Household &h) const {
        Record r = object();
        r->set("id", h.id);
        r->set("name", h.name);
        r->set("address_line_1", h.street);
        r->set("address_line_2", null);
        r->set("address_line_3", null);
        r->set("city", h.city);
        r->set("state_or_province", h.state);
        r->set("zip", h.zip);
        r->set("country", h.country);
        r->set("phone", h.phone);
        r->set("last_modified_date", h.modified);
        return r;
    }

    Record period(const model::GradingPeriod &p) const {
        Record r = object();
        r->set("id", p.id);
        r->set("description", p.description);
        r->set("abbreviation", p.abbreviation);
        // The OpenAPI description types these as date-time (docs/veracross-data-api.md).
        r->set("start_date", timestamp_text(p.start, 0));
        r->set("end_date", timestamp_text(p.end, 0));
        Record group = object();
        group->set("id", p.group_id);
        group->set("description", p.group_description);
        group->set("type", p.type);
        r->set("group", group);
        r->set("major", p.major);
        r->set("minor", p.minor);
        r->set("period_index", p.period_index);
        r->set("school_year", p.school_year);
        r->set("last_modified_date", p.modified);
        return r;
    }

    Record school_class(const model::SchoolClass &c, bool read) {
        const model::Course &course = *courses_.at(c.course_id);
        const Id visible = codes_.id("portal_visibility", "Visible");
        const Id show_all = codes_.id("assignment_display", "Show All");
        Record r = object();
        r->set("id", c.id);
        r->set("class_id", c.code);
        r->set("description", c.description);
        r->set("status", c.status);
        r->set("school_year", c.school_year);
        r->set("begin_date", date_text(c.begin));
        r->set("end_date", date_or_null(c.end));
        r->set("primary_grade_level_id", id_or_null(c.grade_level));
        r->set("school_level", c.school_level);
        r->set("internal_course_id", course.id);
        r->set("primary_teacher_id", id_or_null(c.teacher_id));
        r->set("room_id", c.room_id);
        r->set("virtual_meeting_url", null);
        r->set("subject_id", course.subject);
        r->set("department_id", course.department);
        r->set("internal_group_id", null);
        r->set("parent_portal_visibility", visible);
        r->set("parent_portal_assignment_display", show_all);
        r->set("student_portal_visibility", visible);
        r->set("student_portal_assignment_display", show_all);
        r->set("last_modified_date", c.modified);
        if (read) return r; // the read shape is this subset
        r->set("campus_id", c.campus);
        r->set("campus_description", codes_.description("campus", c.campus));
        r->set("course_type", course.course_type);
        r->set("course", shared(class_courses_, course.id, [&] {
            Record course_ref = object();
            course_ref->set("id", course.id);
            course_ref->set("course_id", course.code);
            course_ref->set("course_name", course.name);
            return course_ref;
        }));
        r->set("primary_teacher_name", c.teacher_id ? Var(full_name(*names_.at(c.teacher_id))) : null);
        r->set("subject_description", codes_.description("subject", course.subject));
        r->set("department_description", codes_.description("department", course.department));
        r->set("term_credit_hours", 1);
        r->set("total_credits", c.end && *c.end - c.begin < 200 ? 0.5 : 1.0);
        return r;
    }

    Record enrollment(const model::Enrollment &e) {
        const model::SchoolClass &c = *classes_.at(e.class_id);
        const model::Student &s = *students_.at(e.student_id);
        const int today = snapshot_day();
        Record r = object();
        r->set("id", e.id);
        r->set("internal_class_id", c.id);
        r->set("class_description", c.description);
        r->set("class_status", c.status);
        r->set("primary_teacher", shared(enrollment_teachers_, c.teacher_id, [&] {
            Record teacher = object();
            const model::StaffMember *t = c.teacher_id ? staff_.at(c.teacher_id) : nullptr;
            teacher->set("id", t ? Var(t->id) : null);
            teacher->set("name_prefix", t ? Var(codes_.description("name_prefix", t->prefix)) : null);
            teacher->set("first_name", t ? Var(t->name.first) : null);
            teacher->set("middle_name", t ? text_or_null(t->name.middle) : null);
            teacher->set("last_name", t ? Var(t->name.last) : null);
            teacher->set("name_suffix", null);
            teacher->set("preferred_name", t ? text_or_null(t->name.preferred) : null);
            return teacher;
        }));
        r->set("person_id", s.id);
        r->set("person_name", full_name(s.name));
        r->set("grade_level_id", codes_.id("grade_level", grade_names()[static_cast<std::size_t>(s.grade)]));
        // As of the day the data was taken (generation_context.hpp).
        const bool current = c.begin <= today && (!c.end || *c.end >= today) &&
                             (!e.late_date_enrolled || *e.late_date_enrolled <= today) &&
                             (!e.date_withdrawn || *e.date_withdrawn > today);
        r->set("currently_enrolled", current);
        r->set("late_date_enrolled", date_or_null(e.late_date_enrolled));
        r->set("date_withdrawn", date_or_null(e.date_withdrawn));
        r->set("level", e.level);
        const Id course_type = courses_.at(c.course_id)->course_type;
        r->set("exclude_from_transcript", course_type == codes_.id("course_type", "Homeroom") ||
                                              course_type == codes_.id("course_type", "Study Hall"));
        r->set("notes", null);
        r->set("last_modified_date", e.modified);
        return r;
    }

    Record permission(const model::Permission &p) {
        const model::SchoolClass &c = *classes_.at(p.class_id);
        const model::Course &course = *courses_.at(c.course_id);
        const bool primary = p.role == codes_.id("permission_role", "Teacher");
        Record r = object();
        r->set("id", p.id);
        r->set("school_year", c.school_year);
        r->set("school_level", c.school_level);
        r->set("course", shared(permission_courses_, course.id, [&] {
            Record course_ref = object();
            course_ref->set("id", course.id);
            course_ref->set("description", course.name);
            course_ref->set("course_type", course.course_type);
            return course_ref;
        }));
        r->set("class", shared(class_refs_, c.id, [&] {
            Record class_ref = object();
            class_ref->set("id", c.id);
            class_ref->set("description", c.code + " " + c.description);
            return class_ref;
        }));
        r->set("person", person_ref(p.person_id));
        r->set("role", p.role);
        r->set("title", codes_.description("permission_role", p.role));
        for (const char *field : {"update_grades", "view_all_student_grades", "update_attendance"})
            r->set(field, primary);
        for (const char *field : {"view_attendance", "view_behavior", "view_grades", "view_progress_report",
                                  "view_report_card", "show_in_teacher_portal"})
            r->set(field, true);
        r->set("last_modified_date", p.modified);
        return r;
    }

    // {"id", "description", "abbreviation"}: how class schedules name a period, day, block or room.
    static Record named(Id id, const std::string &description, const std::string &abbreviation) {
        Record ref = object();
        ref->set("id", id);
        ref->set("description", description);
        ref->set("abbreviation", abbreviation);
        return ref;
    }

    // A block's time as a date-time, as the schema types it. GUESS: the day
    // part is meaningless; we send 1900-01-01 in UTC (docs/veracross-data-api.md).
    static std::string time_of_day(int minutes) {
        char text[32];
        std::snprintf(text, sizeof text, "1900-01-01T%02d:%02d:00Z", minutes / 60, minutes % 60);
        return text;
    }

    Record meeting(const model::Meeting &m) {
        const model::SchoolClass &c = *classes_.at(m.class_id);
        const model::GradingPeriod &p = *periods_.at(m.grading_period_id);
        Record r = object();
        r->set("id", m.id);
        r->set("internal_class_id", c.id);
        r->set("class_id", c.code);
        r->set("primary_teacher_id", id_or_null(c.teacher_id));
        r->set("primary_teacher_name", c.teacher_id ? Var(full_name(*names_.at(c.teacher_id))) : null);
        r->set("campus_id", c.campus);
        r->set("campus_description", codes_.description("campus", c.campus));
        r->set("school_level", c.school_level);
        r->set("school_year", c.school_year);
        r->set("grading_period",
               shared(period_refs_, p.id, [&] { return named(p.id, p.description, p.abbreviation); }));
        r->set("day", shared(days_, m.day, [&] {
            const std::string &day = codes_.description("schedule_day", m.day);
            return named(m.day, day, day.substr(0, 3));
        }));
        r->set("block_group", 1);
        r->set("block", shared(blocks_, m.block, [&] {
            return named(m.block, "Block " + std::to_string(m.block), std::to_string(m.block));
        }));
        r->set("room", shared(rooms_, c.room_id, [&] {
            return named(c.room_id, "Room " + std::to_string(c.room_id), std::to_string(c.room_id));
        }));
        const int start_minutes = 8 * 60 + (m.block - 1) * 55;
        r->set("start_time", time_of_day(start_minutes));
        r->set("end_time", time_of_day(start_minutes + 50));
        r->set("override_start_time", null);
        r->set("override_end_time", null);
        return r;
    }

    const model::School &school_;
    const Codes &codes_;
    std::unordered_map<Id, const PersonName *> names_;
    std::unordered_map<Id, const model::StaffMember *> staff_;
    std::unordered_map<Id, const model::Household *> households_;
    std::unordered_map<Id, const model::Course *> courses_;
    std::unordered_map<Id, const model::SchoolClass *> classes_;
    std::unordered_map<Id, const model::Student *> students_;
    std::unordered_map<Id, const model::GradingPeriod *> periods_;
    std::unordered_map<Id, Record> person_refs_, addresses_, campuses_, houses_, class_courses_, enrollment_teachers_,
        permission_courses_, class_refs_, period_refs_, blocks_, days_, rooms_;
};

} // namespace

const std::map<std::string, std::string> &resource_scopes() {
    static const std::map<std::string, std::string> scopes = {
        {"staff_faculty", "staff_faculty"},
        {"parents", "parents"},
        {"students", "students"},
        {"relationships", "relationships"},
        {"academics/config/grading_periods", "academics.config.grading_periods"},
        {"academics/classes", "academics.classes"},
        {"academics/enrollments", "academics.enrollments"},
        {"households", "households"},
        {"academics/permissions", "academics.permissions"},
        {"academics/class_schedules", "academics.class_schedules"},
    };
    return scopes;
}

std::map<std::string, Resource> write_resources(const model::School &school, const Codes &codes) {
    std::map<std::string, Resource> out;
    for (const auto &[path, prefix] : resource_scopes()) {
        Resource &r = out[path];
        r.path = path;
        r.scope_prefix = prefix;
        r.filters = filters_of(path);
        r.value_lists = value_lists_of(path, codes);
        r.read_value_lists = value_lists_of(path, codes, true);
        r.readable = path != "academics/class_schedules"; // no read operation is documented
    }
    // Making ~300,000 Poco objects is bound by malloc and page faults, so
    // the largest resources are written on a second thread, with their own
    // writer (nothing is shared between the two but read-only input).
    const std::set<std::string> second = {"academics/enrollments", "academics/class_schedules"};
    auto background = std::async(std::launch::async, [&] {
        RecordWriter writer(school, codes);
        for (const std::string &path : second) writer.write(path, out.at(path));
    });
    RecordWriter writer(school, codes);
    for (auto &[path, resource] : out)
        if (!second.count(path)) writer.write(path, resource);
    background.get();
    return out;
}

} // namespace vcsim

// The generated school: deterministic, the right size, referentially sound,
// coded with its own value lists, and showing every awkward case at every size.
#include "test_records.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>

using namespace vcsim;
using namespace vcsim::test;

namespace {

const School &school_of(int students, std::uint64_t seed = 1) {
    static std::map<std::pair<int, std::uint64_t>, School> made;
    auto found = made.find({students, seed});
    if (found == made.end()) found = made.emplace(std::make_pair(students, seed), generate_school({"demo", seed, students})).first;
    return found->second;
}

bool non_ascii(const std::string &text) {
    for (unsigned char c : text)
        if (c >= 0x80) return true;
    return false;
}

// Which awkward cases a school shows, found from its records alone.
struct Cases {
    int one_parent_students = 0, two_parent_households = 0, split_families = 0, guardians = 0, grandparents = 0;
    int no_portal_parents = 0, non_custodial_parents = 0, deceased = 0, siblings_across_levels = 0;
    int parents_without_email = 0, shared_emails = 0, teaching_staff = 0, non_teaching_staff = 0;
    int co_taught_classes = 0, classes_without_teacher = 0, late_enrollments = 0, withdrawn_enrollments = 0;
    int non_ascii_names = 0, null_preferred_names = 0, natural_only = 0, reverse_only = 0, both_directions = 0;
    int with_advisor = 0, with_homeroom_teacher = 0, staff_parents = 0;
    std::set<std::string> period_types;

    explicit Cases(const School &school) {
        const auto students = ids(school, "students"), parents = ids(school, "parents"), staff = ids(school, "staff_faculty");
        std::map<Id, const Poco::JSON::Object *> parent_records, student_records;
        for (const Record &p : records(school, "parents")) parent_records[id_of(*p)] = p.get();
        for (const Record &s : records(school, "students")) student_records[id_of(*s)] = s.get();
        const std::set<Id> guardian_codes = {coded(school, "relationships", "relationship", "Guardian")};
        const std::set<Id> grand_codes = {coded(school, "relationships", "relationship", "Grandmother"),
                                          coded(school, "relationships", "relationship", "Grandfather")};

        std::map<std::pair<Id, Id>, std::pair<bool, bool>> pairs; // (parent, student) -> natural, reverse
        for (const Record &r : records(school, "relationships")) {
            const Id person = id_of(*r, "person_id"), related = id_of(*r, "related_person_id");
            if (r->getValue<bool>("related_person_is_deceased")) ++deceased;
            const bool natural = students.count(person) && parents.count(related);
            const bool reverse = parents.count(person) && students.count(related);
            if (!natural && !reverse) continue;
            auto &seen = pairs[natural ? std::make_pair(related, person) : std::make_pair(person, related)];
            (natural ? seen.first : seen.second) = true;
            if (!r->getValue<bool>("parent_portal_access")) ++no_portal_parents;
            if (!r->getValue<bool>("legal_custody")) ++non_custodial_parents;
            if (natural && guardian_codes.count(id_of(*r, "relationship"))) ++guardians;
            if (natural && grand_codes.count(id_of(*r, "relationship"))) ++grandparents;
        }
        std::map<Id, std::set<Id>> parents_of, homes_of;
        std::map<Id, std::set<Id>> levels_by_parent;
        for (const auto &[pair, directions] : pairs) {
            natural_only += directions.first && !directions.second;
            reverse_only += !directions.first && directions.second;
            both_directions += directions.first && directions.second;
            parents_of[pair.second].insert(pair.first);
            homes_of[pair.second].insert(id_of(*parent_records.at(pair.first), "household_id"));
            levels_by_parent[pair.first].insert(id_of(*student_records.at(pair.second), "school_level"));
        }
        for (const auto &[student, adults] : parents_of) one_parent_students += adults.size() == 1;
        for (const auto &[student, homes] : homes_of) split_families += homes.size() >= 2;
        for (const auto &[parent, levels] : levels_by_parent) siblings_across_levels += levels.size() >= 2;

        std::map<Id, int> parents_per_home;
        std::map<std::string, int> email_users;
        for (const Record &p : records(school, "parents")) {
            ++parents_per_home[id_of(*p, "household_id")];
            if (p->isNull("email_1")) ++parents_without_email;
            else ++email_users[text_of(*p, "email_1")];
            staff_parents += staff.count(id_of(*p)) ? 1 : 0;
        }
        for (const auto &[home, count] : parents_per_home) two_parent_households += count == 2;
        for (const auto &[email, count] : email_users) shared_emails += count >= 2;

        std::set<Id> teachers;
        std::map<Id, Id> primary;
        std::set<Id> classes_with_students;
        for (const Record &e : records(school, "academics/enrollments")) {
            classes_with_students.insert(id_of(*e, "internal_class_id"));
            late_enrollments += present(*e, "late_date_enrolled");
            withdrawn_enrollments += present(*e, "date_withdrawn");
        }
        for (const Record &c : records(school, "academics/classes")) {
            primary[id_of(*c)] = id_of(*c, "primary_teacher_id");
            if (present(*c, "primary_teacher_id")) teachers.insert(id_of(*c, "primary_teacher_id"));
            else classes_without_teacher += classes_with_students.count(id_of(*c)) ? 1 : 0;
        }
        teaching_staff = static_cast<int>(teachers.size());
        non_teaching_staff = static_cast<int>(staff.size() - teachers.size());
        std::set<Id> co_taught;
        for (const Record &p : records(school, "academics/permissions")) {
            const Id class_id = id_of(*p->getObject("class")), person = id_of(*p->getObject("person"));
            if (person != primary.at(class_id)) co_taught.insert(class_id);
        }
        co_taught_classes = static_cast<int>(co_taught.size());

        for (const Record &s : records(school, "students")) {
            non_ascii_names += non_ascii(text_of(*s, "first_name") + text_of(*s, "last_name"));
            null_preferred_names += s->isNull("preferred_name");
            with_advisor += present(*s->getObject("advisor"), "id");
            with_homeroom_teacher += present(*s->getObject("homeroom_teacher"), "id");
        }
        for (const Record &p : records(school, "academics/config/grading_periods"))
            period_types.insert(std::to_string(id_of(*p->getObject("group"), "type")));
    }
};

} // namespace

TEST_CASE("school: the same spec gives the same school, byte for byte", "[school]") {
    const std::string first = school_text(generate_school({"demo", 7, 120}));
    CHECK(first == school_text(generate_school({"demo", 7, 120})));
    CHECK(first != school_text(generate_school({"demo", 8, 120})));
    CHECK(first != school_text(generate_school({"other", 7, 120})));
}

TEST_CASE("school: exactly the students asked for, within 50..20000", "[school]") {
    for (int size : {50, 51, 137, 500, 2000}) CHECK(records(school_of(size), "students").size() == static_cast<std::size_t>(size));
    CHECK_THROWS_AS(generate_school({"demo", 1, 49}), std::invalid_argument);
    CHECK_THROWS_AS(generate_school({"demo", 1, 20001}), std::invalid_argument);
}

TEST_CASE("school: every awkward case at every size", "[school]") {
    for (int size : {50, 500, 2000}) {
        for (std::uint64_t seed : {1, 2}) {
            CAPTURE(size, seed);
            const Cases cases(school_of(size, seed));
            CHECK(cases.one_parent_students > 0);
            CHECK(cases.two_parent_households > 0);
            CHECK(cases.split_families > 0);
            CHECK(cases.guardians > 0);
            CHECK(cases.grandparents > 0);
            CHECK(cases.no_portal_parents > 0);
            CHECK(cases.non_custodial_parents > 0);
            CHECK(cases.deceased > 0);
            CHECK(cases.siblings_across_levels > 0);
            CHECK(cases.parents_without_email > 0);
            CHECK(cases.shared_emails > 0);
            CHECK(cases.teaching_staff > 0);
            CHECK(cases.non_teaching_staff > 0);
            CHECK(cases.co_taught_classes > 0);
            CHECK(cases.classes_without_teacher > 0);
            CHECK(cases.late_enrollments > 0);
            CHECK(cases.withdrawn_enrollments > 0);
            CHECK(cases.non_ascii_names > 0);
            CHECK(cases.null_preferred_names > 0);
            CHECK(cases.natural_only > 0);
            CHECK(cases.reverse_only > 0);
            CHECK(cases.both_directions > 0);
            CHECK(cases.with_advisor > 0);
            CHECK(cases.with_homeroom_teacher > 0);
            CHECK(cases.staff_parents > 0);
            CHECK(cases.period_types.size() == 3); // year, semesters, quarters
        }
    }
}

TEST_CASE("school: records point at records that exist", "[school]") {
    for (int size : {50, 500}) {
        CAPTURE(size);
        const School &school = school_of(size);
        const auto staff = ids(school, "staff_faculty"), parents = ids(school, "parents"), students = ids(school, "students");
        const auto classes = ids(school, "academics/classes"), households = ids(school, "households");
        const auto periods = ids(school, "academics/config/grading_periods");
        int unlisted_students = 0, unlisted_teachers = 0; // one of each on purpose (rules_cases.cpp)
        for (const Record &e : records(school, "academics/enrollments")) {
            CHECK(classes.count(id_of(*e, "internal_class_id")));
            unlisted_students += !students.count(id_of(*e, "person_id"));
        }
        CHECK(unlisted_students == 1);
        for (const Record &r : records(school, "relationships"))
            for (const char *field : {"person_id", "related_person_id"}) {
                const Id person = id_of(*r, field);
                CHECK((staff.count(person) || parents.count(person) || students.count(person)));
            }
        for (const Record &c : records(school, "academics/classes"))
            unlisted_teachers += !(c->isNull("primary_teacher_id") || staff.count(id_of(*c, "primary_teacher_id")));
        CHECK(unlisted_teachers == 1);
        for (const Record &s : records(school, "students")) {
            for (const char *ref : {"advisor", "homeroom_teacher"}) {
                const Id teacher = id_of(*s->getObject(ref));
                CHECK((teacher == 0 || staff.count(teacher)));
            }
            CHECK(households.count(id_of(*s, "household_id")));
        }
        for (const char *path : {"parents", "staff_faculty"})
            for (const Record &p : records(school, path)) CHECK(households.count(id_of(*p, "household_id")));
        for (const Record &p : records(school, "academics/permissions")) {
            CHECK(classes.count(id_of(*p->getObject("class"))));
            CHECK(staff.count(id_of(*p->getObject("person"))));
        }
        for (const Record &m : records(school, "academics/class_schedules")) {
            CHECK(classes.count(id_of(*m, "internal_class_id")));
            CHECK(periods.count(id_of(*m->getObject("grading_period"))));
        }
        // One person id space: a student is never also staff or a parent.
        for (Id s : students) CHECK_FALSE((staff.count(s) || parents.count(s)));
    }
}

TEST_CASE("school: ids ascend in every resource and kinds of ids never collide", "[school]") {
    const School &school = school_of(500);
    std::map<Id, std::string> kind_of_id;
    for (const auto &[path, resource] : school.resources) {
        CAPTURE(path);
        Id previous = 0;
        for (const Record &r : resource.records) {
            CHECK(id_of(*r) > previous);
            previous = id_of(*r);
            const bool person = path == "staff_faculty" || path == "parents" || path == "students";
            const std::string kind = person ? "person" : path;
            auto [it, fresh] = kind_of_id.emplace(previous, kind);
            CHECK((fresh || it->second == kind));
        }
        for (const auto &[id, read] : resource.read_records) CHECK(id_of(*read) == id);
    }
}

TEST_CASE("school: value lists describe every coded value", "[school]") {
    const School &school = school_of(500);
    for (const auto &[path, resource] : school.resources) {
        for (const auto &entry : *resource.value_lists) {
            const auto list = entry.extract<Poco::JSON::Object::Ptr>();
            std::set<Id> known;
            for (const auto &item : *list->getArray("items")) known.insert(item.extract<Poco::JSON::Object::Ptr>()->getValue<Id>("id"));
            for (const auto &field : *list->getArray("fields")) {
                CAPTURE(path, field.toString());
                int coded_values = 0;
                auto check = [&](const Record &r) {
                    const Poco::Dynamic::Var value = at_path(*r, field.toString());
                    if (value.isEmpty() || !value.isInteger()) return; // null, or campus as an object
                    ++coded_values;
                    CHECK(known.count(value.convert<Id>()));
                };
                for (const Record &r : resource.records) check(r);
                for (const auto &[id, r] : resource.read_records) check(r);
                CHECK(coded_values > 0);
            }
        }
    }
}

// (No ';' in test names: CTest would split them and run nothing.)
TEST_CASE("school: filters name fields the records have, or values kept aside, and which have a last-modified filter",
          "[school]") {
    const School &school = school_of(500);
    const std::string unlisted = "unlisted:";
    for (const auto &[path, resource] : school.resources) {
        for (const auto &[name, field] : resource.filters) {
            CAPTURE(path, name);
            if (field.empty()) continue; // accepted, filters nothing
            if (field.compare(0, unlisted.size(), unlisted) == 0) {
                const auto values = resource.unlisted.find(field.substr(unlisted.size()));
                REQUIRE(values != resource.unlisted.end());
                CHECK(values->second.size() >= resource.records.size() / 2);
                continue;
            }
            CHECK(std::any_of(resource.records.begin(), resource.records.end(),
                              [&](const Record &r) { return has_path(*r, field); }));
        }
        const bool delta = resource.filters.count("on_or_after_last_modified_date");
        CHECK(delta == (path != "staff_faculty" && path != "parents" && path != "academics/class_schedules"));
    }
    const auto &students = school.resources.at("students").filters;
    CHECK(students.at("homeroom_teacher_id") == "homeroom_teacher.id");
    CHECK(students.at("advisor_id") == "advisor.id");
}

TEST_CASE("school: dates and last_modified_date have Veracross's formats", "[school]") {
    const std::regex timestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"), date(R"(\d{4}-\d\d-\d\d)");
    const School &school = school_of(50);
    for (const auto &[path, resource] : school.resources)
        for (const Record &r : resource.records) {
            CAPTURE(path, id_of(*r));
            if (path == "academics/class_schedules") { // no last_modified_date; times are date-times
                CHECK(std::regex_match(text_of(*r, "start_time"), timestamp));
                CHECK(std::regex_match(text_of(*r, "end_time"), timestamp));
                continue;
            }
            CHECK(std::regex_match(text_of(*r, "last_modified_date"), timestamp));
        }
    for (const Record &c : records(school, "academics/classes"))
        for (const char *field : {"begin_date", "end_date"})
            CHECK((c->isNull(field) || std::regex_match(text_of(*c, field), date)));
    for (const Record &p : records(school, "academics/config/grading_periods"))
        for (const char *field : {"start_date", "end_date"}) CHECK(std::regex_match(text_of(*p, field), timestamp));
    // A withdrawal already past was saved on or after its day.
    for (const Record &e : records(school_of(500), "academics/enrollments")) {
        const std::string withdrawn = text_of(*e, "date_withdrawn");
        if (!withdrawn.empty() && withdrawn < "2025-11-14")
            CHECK(text_of(*e, "last_modified_date").substr(0, 10) >= withdrawn);
    }
}

TEST_CASE("school: the app has every scope and pickAtime's redirect URIs", "[school]") {
    const School &school = school_of(50);
    REQUIRE(school.apps.size() == 1);
    const OAuthApp &app = school.apps.front();
    CHECK(std::regex_match(app.client_id, std::regex("[0-9a-f]{32}")));
    CHECK(std::regex_match(app.client_secret, std::regex("[0-9a-f]{64}")));
    for (const char *prefix : {"staff_faculty", "parents", "students", "relationships", "academics.config.grading_periods",
                               "academics.classes", "academics.enrollments", "households", "academics.permissions"})
        for (const char *op : {":list", ":read"}) CHECK(app.enabled_scopes.count(std::string(prefix) + op));
    for (const char *scope : {"academics.class_schedules:list", "sso", "openid"}) CHECK(app.enabled_scopes.count(scope));
    CHECK(app.redirect_uris == std::vector<std::string>{"https://pickatime.com/client", "https://www.pickatime.com/client"});
    for (const auto &[path, resource] : school.resources) CHECK(app.enabled_scopes.count(resource.scope_prefix + ":list"));
    const OAuthApp other = generate_school({"other", 1, 50}).apps.front();
    CHECK(other.client_id != app.client_id);
    CHECK(other.client_secret != app.client_secret);
}

TEST_CASE("school: logins belong to people but their sub is not the person id", "[school]") {
    const School &school = school_of(500);
    std::map<Id, const Poco::JSON::Object *> people;
    for (const char *path : {"staff_faculty", "parents", "students"})
        for (const Record &r : records(school, path)) people[id_of(*r)] = r.get();
    std::set<std::string> subs;
    int parents = 0, faculty = 0;
    for (const LoginUser &user : school.users) {
        CAPTURE(user.sub);
        CHECK(subs.insert(user.sub).second);
        CHECK(user.sub != std::to_string(user.person_id));
        REQUIRE(people.count(user.person_id));
        const auto &person = *people.at(user.person_id);
        CHECK(user.email == text_of(person, "email_1"));
        CHECK(user.preferred_username == text_of(person, "username"));
        parents += std::count(user.roles.begin(), user.roles.end(), "Parent") > 0;
        faculty += std::count(user.roles.begin(), user.roles.end(), "Faculty") > 0;
    }
    CHECK(parents > static_cast<int>(records(school, "parents").size()) / 2);
    std::set<Id> teachers, gone; // teachers still at the school have a login
    for (const Record &s : records(school, "staff_faculty"))
        if (!present(*s, "date_terminated")) teachers.insert(id_of(*s, "id"));
    for (const Record &c : records(school, "academics/classes"))
        if (present(*c, "primary_teacher_id") && !teachers.count(id_of(*c, "primary_teacher_id")))
            gone.insert(id_of(*c, "primary_teacher_id"));
    CHECK(gone.size() == 2); // the teacher who left mid-year, and one not in staff at all
    teachers.clear();
    for (const Record &c : records(school, "academics/classes"))
        if (present(*c, "primary_teacher_id") && !gone.count(id_of(*c, "primary_teacher_id")))
            teachers.insert(id_of(*c, "primary_teacher_id"));
    for (Id teacher : teachers)
        CHECK(std::any_of(school.users.begin(), school.users.end(), [&](const LoginUser &u) { return u.person_id == teacher; }));
    CHECK(faculty > 0);
}

TEST_CASE("school: a 20,000-student school generates", "[school][large]") {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    WARN("skipped: takes minutes under sanitizers");
    return;
#endif
    const School school = generate_school({"big", 3, 20000});
    CHECK(records(school, "students").size() == 20000);
    CHECK(records(school, "academics/enrollments").size() > 100000);
}

TEST_CASE("school: the cases of the conference rules are in every school", "[school]") {
    for (int size : {50, 500}) {
        CAPTURE(size);
        const School &school = school_of(size);
        // "Semester 1" names periods of two school years, per level.
        std::map<Id, int> semester_1_by_year;
        for (const Record &p : records(school, "academics/config/grading_periods"))
            if (text_of(*p, "description") == "Semester 1") ++semester_1_by_year[id_of(*p, "school_year")];
        CHECK(semester_1_by_year == std::map<Id, int>{{2024, 3}, {2025, 3}});
        // A teacher who left before Semester 1 ends still teaches a class with students.
        std::map<Id, std::string> left, email_of;
        std::set<Id> staff;
        for (const Record &s : records(school, "staff_faculty")) {
            staff.insert(id_of(*s));
            if (present(*s, "date_terminated")) left[id_of(*s)] = text_of(*s, "date_terminated");
            if (present(*s, "email_1")) email_of[id_of(*s)] = text_of(*s, "email_1");
        }
        std::set<Id> enrolled;
        for (const Record &e : records(school, "academics/enrollments")) enrolled.insert(id_of(*e, "internal_class_id"));
        int taught_by_leaver = 0;
        for (const Record &c : records(school, "academics/classes")) {
            const Id t = present(*c, "primary_teacher_id") ? id_of(*c, "primary_teacher_id") : 0;
            if (left.count(t) && left.at(t) > "2025-09-02" && left.at(t) < "2026-01-16" && enrolled.count(id_of(*c)))
                ++taught_by_leaver;
        }
        CHECK(taught_by_leaver > 0);
        // A parent (not staff) with a teacher's email; a staff member who is a parent under one id.
        int parent_with_teacher_email = 0, staff_parents = 0;
        std::set<std::string> staff_emails;
        for (const auto &entry : email_of) staff_emails.insert(entry.second);
        for (const Record &p : records(school, "parents")) {
            staff_parents += staff.count(id_of(*p)) > 0;
            parent_with_teacher_email += !staff.count(id_of(*p)) && present(*p, "email_1") && staff_emails.count(text_of(*p, "email_1"));
        }
        CHECK(parent_with_teacher_email == 1);
        CHECK(staff_parents >= 1);
    }
}

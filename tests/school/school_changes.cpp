// change_school: a day of edits, additions and deletions in a generated
// school, made on the Veracross records themselves (school.hpp).
#include "accounts.hpp"
#include "generation_context.hpp"
#include "names.hpp"
#include "school/record_fields.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace vcsim {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Object;

Record copy_of(const Record &record) { return new Object(*record); }

class Changer {
public:
    Changer(School &school, std::uint64_t seed, const std::string &modified_at)
        : school_(school), rng_(mix64(seed ^ 0xc4a9e)), seed_(seed), when_(modified_at),
          day_(modified_at.substr(0, 10)) {
        const auto &students = records("students");
        for (std::size_t i = 0; i < students.size() && i < static_cast<std::size_t>(kScriptedStudents); ++i)
            scripted_.insert(id_of(*students[i], "id"));
    }

    void run(bool deletions) {
        edit_students();
        edit_relationships();
        change_a_teacher();
        withdraw_enrollments();
        add_family();
        add_enrollments();
        if (!deletions) return;
        delete_a_student();
        delete_one("academics/enrollments", "person_id");
        delete_one("relationships", "person_id");
    }

private:
    Resource &resource(const std::string &path) { return school_.resources.at(path); }
    std::vector<Record> &records(const std::string &path) { return resource(path).records; }

    // Sets last_modified_date, in the read shape too if the record has one.
    void touch(const std::string &path, Record record) {
        record->set("last_modified_date", when_);
        auto read = resource(path).read_records.find(id_of(*record, "id"));
        if (read != resource(path).read_records.end()) read->second->set("last_modified_date", when_);
    }

    // Sets a field in the list and read shapes.
    void edit(const std::string &path, Record record, const std::string &field, const Var &value) {
        record->set(field, value);
        auto read = resource(path).read_records.find(id_of(*record, "id"));
        if (read != resource(path).read_records.end()) read->second->set(field, value);
    }

    // Up to count records of the candidates, in random order; at least one if any.
    std::vector<Record> pick(std::vector<Record> candidates, std::size_t count) {
        count = std::min(std::max<std::size_t>(count, 1), candidates.size());
        for (std::size_t i = 0; i < count; ++i)
            std::swap(candidates[i], candidates[static_cast<std::size_t>(
                                         rng_.between(static_cast<std::int64_t>(i),
                                                      static_cast<std::int64_t>(candidates.size()) - 1))]);
        candidates.resize(count);
        return candidates;
    }

    template <class Keep> std::vector<Record> where(const std::string &path, Keep keep) {
        std::vector<Record> out;
        for (const Record &r : records(path))
            if (keep(*r)) out.push_back(r);
        return out;
    }

    Id next_id(const std::string &path) { return records(path).empty() ? 1 : id_of(*records(path).back(), "id") + 1; }

    Id next_person_id() {
        Id top = 0;
        for (const char *path : {"staff_faculty", "parents", "students"})
            if (!records(path).empty()) top = std::max(top, id_of(*records(path).back(), "id"));
        return top + 1;
    }

    // The value-list id of a description, from a resource's own value lists.
    Id coded(const std::string &path, const std::string &field, const std::string &description) {
        for (const auto &entry : *resource(path).value_lists) {
            const auto list = entry.extract<Object::Ptr>();
            bool codes_field = false;
            for (const auto &f : *list->getArray("fields")) codes_field |= f.toString() == field;
            if (!codes_field) continue;
            for (const auto &item : *list->getArray("items")) {
                const auto i = item.extract<Object::Ptr>();
                if (i->getValue<std::string>("description") == description) return i->getValue<Id>("id");
            }
        }
        throw std::out_of_range("no value " + description + " for " + path + " " + field);
    }

    bool plain_student(Id id) const { return !scripted_.count(id); }
    bool current(const Object &o) const { return id_of(o, "school_year") == kSchoolYear; }
    // Enrollments carry no school_year (Veracross only filters on it): the writer keeps it aside.
    bool current_enrollment(const Object &e) {
        const auto &years = resource("academics/enrollments").unlisted["school_year"];
        auto year = years.find(id_of(e, "id"));
        return year != years.end() && year->second == std::to_string(kSchoolYear);
    }

    void edit_students() {
        const auto students = where("students", [&](const Object &s) { return plain_student(id_of(s, "id")); });
        for (Record s : pick(students, students.size() / 100)) {
            // A preferred name added, or taken away.
            edit("students", s, "preferred_name", s->isNull("preferred_name") ? s->get("first_name") : Var());
            touch("students", s);
        }
    }

    bool parent_link(const Object &r) {
        return plain_student(id_of(r, "person_id")) && student_ids().count(id_of(r, "person_id")) &&
               parent_ids().count(id_of(r, "related_person_id"));
    }

    void edit_relationships() {
        const auto links = where("relationships", [&](const Object &r) { return parent_link(r); });
        for (Record r : pick(links, std::max<std::size_t>(2, links.size() / 100))) {
            const bool portal = !r->getValue<bool>("parent_portal_access");
            for (const char *field : {"parent_portal_access", "profile_update_permission", "receive_general_correspondence"})
                r->set(field, portal);
            touch("relationships", r);
        }
    }

    // A class gets another teacher. Its enrollments show the new teacher
    // but keep their last_modified_date (the field is derived from the class).
    void change_a_teacher() {
        std::unordered_map<Id, Record> enrollment_of_class;
        std::unordered_set<Id> scripted_classes;
        for (const Record &e : records("academics/enrollments")) {
            enrollment_of_class.emplace(id_of(*e, "internal_class_id"), e);
            if (!plain_student(id_of(*e, "person_id"))) scripted_classes.insert(id_of(*e, "internal_class_id"));
        }
        const auto taught = where("academics/classes", [&](const Object &c) {
            const Id id = id_of(c, "id");
            return current(c) && id_of(c, "primary_teacher_id") && enrollment_of_class.count(id) &&
                   !scripted_classes.count(id);
        });
        if (taught.size() < 2) return;
        const auto two = pick(taught, 2);
        Record changed = two[0], donor = two[1];
        const Id teacher = id_of(*donor, "primary_teacher_id");
        if (teacher == id_of(*changed, "primary_teacher_id")) return;
        edit("academics/classes", changed, "primary_teacher_id", teacher);
        changed->set("primary_teacher_name", donor->get("primary_teacher_name"));
        touch("academics/classes", changed);
        const Id class_id = id_of(*changed, "id");
        const Var teacher_ref = enrollment_of_class.at(id_of(*donor, "id"))->get("primary_teacher");
        for (Record e : records("academics/enrollments"))
            if (id_of(*e, "internal_class_id") == class_id) e->set("primary_teacher", teacher_ref);
        const Id teacher_role = coded("academics/permissions", "role", "Teacher");
        for (Record p : records("academics/permissions")) {
            if (id_of(*p->getObject("class"), "id") != class_id || id_of(*p, "role") != teacher_role) continue;
            Record person = new Object;
            person->set("id", teacher);
            person->set("name", donor->get("primary_teacher_name"));
            p->set("person", person);
            touch("academics/permissions", p);
        }
        // Class schedules repeat the class's teacher (and have no last_modified_date).
        for (Record m : records("academics/class_schedules"))
            if (id_of(*m, "internal_class_id") == class_id) {
                m->set("primary_teacher_id", teacher);
                m->set("primary_teacher_name", donor->get("primary_teacher_name"));
            }
    }

    void withdraw_enrollments() {
        const auto open = where("academics/enrollments", [&](const Object &e) {
            return current_enrollment(e) && plain_student(id_of(e, "person_id")) && e.isNull("date_withdrawn");
        });
        for (Record e : pick(open, open.size() / 200)) {
            e->set("date_withdrawn", day_);
            e->set("currently_enrolled", false);
            touch("academics/enrollments", e);
        }
    }

    // A family moves in: a parent, a student taking a classmate's schedule,
    // their household, relationship, enrollments and the parent's login.
    void add_family() {
        const auto peers = where("students", [&](const Object &s) {
            return plain_student(id_of(s, "id")) && s.isNull("exit_date");
        });
        const auto templates = where("relationships", [&](const Object &r) {
            return parent_link(r) && r.getValue<bool>("parent_portal_access") && r.getValue<bool>("legal_custody") &&
                   !r.getValue<bool>("related_person_is_deceased");
        });
        if (peers.empty() || templates.empty()) return;
        const Record peer = pick(peers, 1).front();
        const Record link_template = pick(templates, 1).front();
        const Record parent_template = parent_record(id_of(*link_template, "related_person_id"));

        const FamilyName family = random_family_name(rng_);
        const Sex parent_sex = rng_.chance(0.5) ? Sex::female : Sex::male;
        const PersonName parent_name = random_name(rng_, parent_sex, family);
        const PersonName student_name = random_name(rng_, Sex::nonbinary, family);
        const Id student_id = next_person_id(), parent_id = student_id + 1;

        Record home = copy_of(records("households").front());
        home->set("id", next_id("households"));
        home->set("name", family.text + " Household");
        home->set("last_modified_date", when_);
        records("households").push_back(home);
        const Id home_id = id_of(*home, "id");

        const std::string suffix = "." + std::to_string(parent_id);
        Record parent = copy_of(parent_template);
        Record parent_read = copy_of(resource("parents").read_records.at(id_of(*parent_template, "id")));
        const std::string email = parent_name.ascii_first + "." + parent_name.ascii_last + suffix + "@example.com";
        const std::string username = parent_name.ascii_first + "." + parent_name.ascii_last + suffix;
        Record nobody = new Object;
        nobody->set("id", Var());
        nobody->set("name", Var());
        for (Record r : {parent, parent_read}) {
            name(*r, parent_name);
            r->set("id", parent_id);
            r->set("household_id", home_id);
            r->set("head_of_household", true);
            r->set("first_nick_name", parent_name.preferred.value_or(parent_name.first));
            r->set("gender", coded("parents", "gender", parent_sex == Sex::female ? "Female" : "Male"));
            r->set("spouse", nobody);
            r->set("roles", std::string("Parent"));
            r->set("email_1", email);
            r->set("username", username);
            r->set("last_modified_date", when_);
        }
        Record address = new Object;
        address->set("address_1", home->get("address_line_1"));
        address->set("address_2", Var());
        address->set("address_3", Var());
        address->set("city", home->get("city"));
        address->set("state_province", home->get("state_or_province"));
        address->set("postal_code", home->get("zip"));
        address->set("country", home->get("country"));
        parent_read->set("address", address);
        parent_read->set("home_phone", home->get("phone"));
        records("parents").push_back(parent);
        resource("parents").read_records[parent_id] = parent_read;
        school_.users.push_back({account_sub(parent_id, seed_ ^ 0xc4a9e), username, email, {"Parent"}, parent_id});
        school_.parent_homes[parent_id] = home_id;

        Record student = copy_of(peer);
        Record student_read = copy_of(resource("students").read_records.at(id_of(*peer, "id")));
        for (Record r : {student, student_read}) {
            name(*r, student_name);
            r->set("id", student_id);
            r->set("household_id", home_id);
            r->set("username", student_name.ascii_first + student_name.ascii_last + suffix);
            if (!r->isNull("email_1")) {
                const std::string peer_email = r->getValue<std::string>("email_1");
                r->set("email_1", student_name.ascii_first + "." + student_name.ascii_last + suffix +
                                      peer_email.substr(peer_email.find('@')));
            }
            r->set("entry_date", day_);
            r->set("enrollment_status", coded("students", "enrollment_status", "Enrolled"));
            r->set("last_modified_date", when_);
        }
        records("students").push_back(student);
        resource("students").read_records[student_id] = student_read;

        Record link = copy_of(link_template);
        link->set("id", next_id("relationships"));
        link->set("person_id", student_id);
        link->set("related_person_id", parent_id);
        name(*link, parent_name);
        link->set("relationship", coded("relationships", "relationship", parent_sex == Sex::female ? "Mother" : "Father"));
        link->set("last_modified_date", when_);
        records("relationships").push_back(link);
        // The role codes Veracross filters on, kept aside (Resource::unlisted): like the records copied.
        auto &student_roles = resource("students").unlisted["role"];
        if (!student_roles.empty()) student_roles[student_id] = student_roles.begin()->second;
        for (auto &[field, values] : resource("relationships").unlisted)
            if (values.count(id_of(*link_template, "id")))
                values[id_of(*link, "id")] = values.at(id_of(*link_template, "id"));

        const std::string student_name_text = full_name(student_name);
        for (const Record &e : where("academics/enrollments", [&](const Object &e) {
                 return id_of(e, "person_id") == id_of(*peer, "id") && current_enrollment(e) && e.isNull("date_withdrawn");
             }))
            enroll(e, student_id, student_name_text, id_of(*e, "internal_class_id"), e->get("class_description"),
                   e->get("primary_teacher"));
    }

    Record parent_record(Id id) {
        for (const Record &p : records("parents"))
            if (id_of(*p, "id") == id) return p;
        throw std::out_of_range("no parent " + std::to_string(id));
    }

    static void name(Object &r, const PersonName &name) {
        r.set("first_name", name.first);
        r.set("middle_name", name.middle.empty() ? Var() : Var(name.middle));
        r.set("last_name", name.last);
        r.set("preferred_name", name.preferred ? Var(*name.preferred) : Var());
    }

    // A new enrollment like the given one, for a student and class, starting today.
    void enroll(const Record &like, Id student, const std::string &student_name, Id class_id,
                const Var &class_description, const Var &teacher) {
        Record e = copy_of(like);
        const Id like_id = id_of(*like, "id");
        e->set("id", next_id("academics/enrollments"));
        // A class of this year, like the one copied; its course decides the other values.
        auto &unlisted = resource("academics/enrollments").unlisted;
        for (auto &[name, values] : unlisted)
            if (values.count(like_id)) values[id_of(*e, "id")] = values.at(like_id);
        for (const Record &c : records("academics/classes"))
            if (id_of(*c, "id") == class_id) {
                unlisted["course_type"][id_of(*e, "id")] = std::to_string(id_of(*c, "course_type"));
                unlisted["subject"][id_of(*e, "id")] = std::to_string(id_of(*c, "subject_id"));
            }
        e->set("person_id", student);
        e->set("person_name", student_name);
        e->set("internal_class_id", class_id);
        e->set("class_description", class_description);
        e->set("primary_teacher", teacher);
        e->set("late_date_enrolled", day_);
        e->set("date_withdrawn", Var());
        e->set("currently_enrolled", true);
        e->set("last_modified_date", when_);
        records("academics/enrollments").push_back(e);
    }

    // A few students join one more class of their school level.
    void add_enrollments() {
        std::unordered_map<Id, std::vector<Record>> by_student, by_class;
        for (const Record &e : records("academics/enrollments"))
            if (current_enrollment(*e)) {
                by_student[id_of(*e, "person_id")].push_back(e);
                by_class[id_of(*e, "internal_class_id")].push_back(e);
            }
        std::unordered_map<Id, Id> level_of_class;
        for (const Record &c : records("academics/classes")) level_of_class[id_of(*c, "id")] = id_of(*c, "school_level");
        const auto students = where("students", [&](const Object &s) {
            return plain_student(id_of(s, "id")) && s.isNull("exit_date") && by_student.count(id_of(s, "id"));
        });
        for (Record s : pick(students, students.size() / 500)) {
            const auto &mine = by_student.at(id_of(*s, "id"));
            std::unordered_set<Id> taken;
            for (const Record &e : mine) taken.insert(id_of(*e, "internal_class_id"));
            const Id level = level_of_class.at(id_of(*mine.front(), "internal_class_id"));
            for (const Record &c : records("academics/classes")) {
                const Id class_id = id_of(*c, "id");
                if (!current(*c) || taken.count(class_id) || level_of_class.at(class_id) != level ||
                    !by_class.count(class_id))
                    continue;
                const Record &classmate = by_class.at(class_id).front();
                enroll(mine.front(), id_of(*s, "id"), text_of(*mine.front(), "person_name"), class_id,
                       classmate->get("class_description"), classmate->get("primary_teacher"));
                break;
            }
        }
    }

    // A student leaves the school's records, with his enrollments,
    // relationships and login.
    void delete_a_student() {
        const auto students = where("students", [&](const Object &s) { return plain_student(id_of(s, "id")); });
        if (students.empty()) return;
        const Id gone = id_of(*pick(students, 1).front(), "id");
        erase("students", [&](const Object &s) { return id_of(s, "id") == gone; });
        resource("students").read_records.erase(gone);
        erase("academics/enrollments", [&](const Object &e) { return id_of(e, "person_id") == gone; });
        erase("relationships", [&](const Object &r) {
            return id_of(r, "person_id") == gone || id_of(r, "related_person_id") == gone;
        });
        auto &users = school_.users;
        users.erase(std::remove_if(users.begin(), users.end(), [&](const LoginUser &u) { return u.person_id == gone; }),
                    users.end());
        student_ids_.clear();
    }

    // One record of a plain student's, deleted.
    void delete_one(const std::string &path, const std::string &student_field) {
        const auto candidates = where(path, [&](const Object &r) {
            const Id person = id_of(r, student_field);
            return plain_student(person) && student_ids().count(person);
        });
        if (candidates.empty()) return;
        const Id gone = id_of(*pick(candidates, 1).front(), "id");
        erase(path, [&](const Object &r) { return id_of(r, "id") == gone; });
    }

    template <class Gone> void erase(const std::string &path, Gone gone) {
        auto &list = records(path);
        list.erase(std::remove_if(list.begin(), list.end(), [&](const Record &r) { return gone(*r); }), list.end());
    }

    const std::unordered_set<Id> &student_ids() {
        if (student_ids_.empty())
            for (const Record &s : records("students")) student_ids_.insert(id_of(*s, "id"));
        return student_ids_;
    }

    const std::unordered_set<Id> &parent_ids() {
        if (parent_ids_.empty())
            for (const Record &p : records("parents")) parent_ids_.insert(id_of(*p, "id"));
        return parent_ids_;
    }

    School &school_;
    Rng rng_;
    std::uint64_t seed_;
    std::string when_, day_;
    std::unordered_set<Id> scripted_, student_ids_, parent_ids_;
};

} // namespace

void change_school(School &school, std::uint64_t seed, const std::string &modified_at, bool deletions) {
    Changer(school, seed, modified_at).run(deletions);
}

} // namespace vcsim

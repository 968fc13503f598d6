// change_school: deterministic, visible to a last-modified filter where it
// edits or adds, invisible where it deletes, and leaving a sound school.
#include "test_records.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace vcsim;
using namespace vcsim::test;

namespace {

const char *kWhen = "2025-11-20T09:30:00Z";

School changed(std::uint64_t change_seed, int students = 400) {
    School school = generate_school({"demo", 4, students});
    change_school(school, change_seed, kWhen);
    return school;
}

std::size_t touched(const School &school, const std::string &path) {
    std::size_t count = 0;
    for (const Record &r : records(school, path)) count += text_of(*r, "last_modified_date") == kWhen;
    return count;
}

} // namespace

TEST_CASE("changes: the same seed and time give the same changes", "[changes]") {
    CHECK(school_text(changed(11)) == school_text(changed(11)));
    CHECK(school_text(changed(11)) != school_text(changed(12)));
}

TEST_CASE("changes: edited and added records carry the new last_modified_date", "[changes]") {
    const School before = generate_school({"demo", 4, 400});
    const School after = changed(11);
    for (const char *path : {"students", "relationships", "academics/classes", "academics/enrollments", "parents", "households"}) {
        CAPTURE(path);
        CHECK(touched(before, path) == 0); // generated data predates the change
        CHECK(touched(after, path) > 0);
    }
    // The read shape follows the list shape.
    for (const Record &s : records(after, "students")) {
        const Record &read = after.resources.at("students").read_records.at(id_of(*s));
        CHECK(text_of(*read, "last_modified_date") == text_of(*s, "last_modified_date"));
        CHECK(text_of(*read, "preferred_name") == text_of(*s, "preferred_name"));
    }
}

TEST_CASE("changes: a family joins and a student leaves", "[changes]") {
    const School before = generate_school({"demo", 4, 400});
    const School after = changed(11);
    const auto old_students = ids(before, "students"), new_students = ids(after, "students");
    std::vector<Id> joined, left;
    for (Id s : new_students)
        if (!old_students.count(s)) joined.push_back(s);
    for (Id s : old_students)
        if (!new_students.count(s)) left.push_back(s);
    REQUIRE(joined.size() == 1);
    REQUIRE(left.size() == 1);
    int joined_enrollments = 0, left_enrollments = 0, joined_links = 0;
    for (const Record &e : records(after, "academics/enrollments")) {
        joined_enrollments += id_of(*e, "person_id") == joined[0];
        left_enrollments += id_of(*e, "person_id") == left[0];
    }
    for (const Record &r : records(after, "relationships")) {
        joined_links += id_of(*r, "person_id") == joined[0];
        CHECK(id_of(*r, "person_id") != left[0]);
        CHECK(id_of(*r, "related_person_id") != left[0]);
    }
    CHECK(joined_enrollments > 0);
    CHECK(left_enrollments == 0);
    CHECK(joined_links == 1);
    CHECK(after.resources.at("students").read_records.count(joined[0]));
    CHECK_FALSE(after.resources.at("students").read_records.count(left[0]));
    CHECK(after.users.size() >= before.users.size());
}

TEST_CASE("changes: the school stays sound and the ground truth moves", "[changes]") {
    const School before = generate_school({"demo", 4, 400});
    const School after = changed(11);
    const auto staff = ids(after, "staff_faculty"), parents = ids(after, "parents"), students = ids(after, "students");
    const auto classes = ids(after, "academics/classes"), households = ids(after, "households");
    // The one enrollment of a student Veracross does not list is the
    // generator's on purpose (rules_cases.cpp); the change adds no other.
    std::set<std::pair<Id, Id>> unlisted_before; // (enrollment, person)
    const auto students_before = ids(before, "students");
    for (const Record &e : records(before, "academics/enrollments"))
        if (!students_before.count(id_of(*e, "person_id"))) unlisted_before.insert({id_of(*e), id_of(*e, "person_id")});
    REQUIRE(unlisted_before.size() == 1);
    for (const Record &e : records(after, "academics/enrollments")) {
        CHECK(classes.count(id_of(*e, "internal_class_id")));
        if (!students.count(id_of(*e, "person_id"))) CHECK(unlisted_before.count({id_of(*e), id_of(*e, "person_id")}));
    }
    for (const Record &r : records(after, "relationships"))
        for (const char *field : {"person_id", "related_person_id"}) {
            const Id person = id_of(*r, field);
            CHECK((staff.count(person) || parents.count(person) || students.count(person)));
        }
    for (const Record &p : records(after, "parents")) CHECK(households.count(id_of(*p, "household_id")));
    for (const auto &[path, resource] : after.resources) {
        CAPTURE(path);
        for (std::size_t i = 1; i < resource.records.size(); ++i)
            CHECK(id_of(*resource.records[i - 1]) < id_of(*resource.records[i]));
    }
    std::set<std::string> subs;
    for (const LoginUser &u : after.users) CHECK(subs.insert(u.sub).second);

    EventQuery q;
    q.grading_period_names = {"YR"}; // every level's Full Year, this school year
    CHECK(conference_truth(before, q) != conference_truth(after, q));
}

TEST_CASE("changes: the scripted families are left alone", "[changes]") {
    const School before = generate_school({"demo", 4, 400});
    const School after = changed(11);
    const auto &students_before = records(before, "students");
    std::set<Id> scripted;
    for (std::size_t i = 0; i < 8; ++i) scripted.insert(id_of(*students_before[i]));
    auto texts = [&](const School &school) {
        std::ostringstream out;
        for (const char *path : {"students", "relationships", "academics/enrollments"})
            for (const Record &r : records(school, path)) {
                const Id person = path == std::string("students") ? id_of(*r) : id_of(*r, "person_id");
                const Id related = path == std::string("relationships") ? id_of(*r, "related_person_id") : 0;
                if (scripted.count(person) || scripted.count(related)) r->stringify(out);
            }
        return out.str();
    };
    CHECK(texts(before) == texts(after));
}

TEST_CASE("changes: added records have the values Veracross filters on but does not list", "[changes]") {
    const School after = changed(11);
    const std::map<std::string, std::vector<std::string>> kept = {
        {"academics/enrollments", {"school_year", "course_type", "subject"}},
        {"students", {"role"}},
        {"relationships", {"role", "related_person_role"}}};
    for (const auto &[path, fields] : kept)
        for (const std::string &field : fields) {
            CAPTURE(path, field);
            const auto &values = after.resources.at(path).unlisted.at(field);
            std::size_t added = 0;
            for (const Record &r : records(after, path)) {
                CHECK(values.count(id_of(*r)));
                added += text_of(*r, "last_modified_date") == kWhen;
            }
            CHECK(added > 0);
        }
}

// The OneRoster 1.2 CSV export of a hand-made roster (small_roster.json),
// checked by reading the files back: headers, counts by role, references
// between the files, quoting, and what a failed export leaves behind.
#include "csv_reader.hpp"
#include "oneroster/oneroster_export.hpp"
#include "scratch_folder.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <fstream>

using Catch::Matchers::Contains;
using oneroster_test::CsvFile;
using oneroster_test::list_field;
using oneroster_test::read_csv_file;
using oneroster_test::read_text;
using oneroster_test::ScratchFolder;
using oneroster_test::write_text;
using Poco::JSON::Object;
using sis_cli::export_oneroster_csv;

namespace {

using Row = std::map<std::string, std::string>;

// The OneRoster 1.2 CSV binding's column lists, written out here on their
// own so that the test does not trust the exporter's copy.
const std::map<std::string, std::vector<std::string>> kHeaders = {
    {"manifest.csv", {"propertyName", "value"}},
    {"orgs.csv", {"sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"}},
    {"users.csv",
     {"sourcedId",
      "status",
      "dateLastModified",
      "enabledUser",
      "username",
      "userIds",
      "givenName",
      "familyName",
      "middleName",
      "identifier",
      "email",
      "sms",
      "phone",
      "agentSourcedIds",
      "grades",
      "password",
      "userMasterIdentifier",
      "resourceSourcedIds",
      "preferredGivenName",
      "preferredMiddleName",
      "preferredFamilyName",
      "primaryOrgSourcedId",
      "pronouns"}},
    {"roles.csv",
     {"sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate",
      "orgSourcedId", "userProfileSourcedId"}},
    {"academicSessions.csv",
     {"sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId",
      "schoolYear"}},
    {"courses.csv",
     {"sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId",
      "subjects", "subjectCodes"}},
    {"classes.csv",
     {"sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType",
      "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"}},
    {"enrollments.csv",
     {"sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role",
      "primary", "beginDate", "endDate"}},
};

Object::Ptr small_roster() {
    return Poco::JSON::Parser().parse(read_text(ONEROSTER_TEST_DIR "/small_roster.json")).extract<Object::Ptr>();
}

// An export of the small roster, read back file by file.
struct Exported {
    ScratchFolder scratch;
    std::string dir = scratch.path("oneroster");
    Object::Ptr roster = small_roster();
    sis_cli::OneRosterCounts counts;
    std::map<std::string, CsvFile> files;

    Exported() {
        counts = export_oneroster_csv(*roster, dir);
        for (const auto &file : kHeaders) files[file.first] = read_csv_file(dir + "/" + file.first);
    }
    const std::vector<Row> &rows(const std::string &file) const { return files.at(file).rows; }

    std::set<std::string> ids(const std::string &file) const {
        std::set<std::string> ids;
        for (const auto &row : rows(file)) ids.insert(row.at("sourcedId"));
        return ids;
    }

    const Row &row(const std::string &file, const std::string &sourced_id) const {
        for (const auto &row : rows(file))
            if (row.at("sourcedId") == sourced_id) return row;
        throw std::runtime_error(file + " has no row " + sourced_id);
    }

    std::size_t roster_count(const std::string &list) const { return roster->getArray(list)->size(); }
};

std::map<std::string, std::size_t> count_by(const std::vector<Row> &rows, const std::string &column) {
    std::map<std::string, std::size_t> counts;
    for (const auto &row : rows) ++counts[row.at(column)];
    return counts;
}

} // namespace

TEST_CASE("every file has its OneRoster 1.2 header, and the manifest lists them as bulk") {
    Exported out;
    for (const auto &file : kHeaders) {
        INFO(file.first);
        CHECK(out.files.at(file.first).header == file.second);
    }
    std::map<std::string, std::string> manifest;
    for (const auto &row : out.rows("manifest.csv")) manifest[row.at("propertyName")] = row.at("value");
    CHECK(manifest.at("manifest.version") == "1.0");
    CHECK(manifest.at("oneroster.version") == "1.2");
    for (const char *name : {"orgs", "users", "roles", "academicSessions", "courses", "classes", "enrollments"})
        CHECK(manifest.at(std::string("file.") + name) == "bulk");
    for (const char *name : {"demographics", "categories", "lineItems", "results", "userProfiles"})
        CHECK(manifest.at(std::string("file.") + name) == "absent");
    CHECK(manifest.count("source.systemName"));
    // Bulk: no row carries a status or a modification date.
    for (const auto &file : out.files)
        for (const auto &row : file.second.rows)
            if (row.count("status")) CHECK((row.at("status").empty() && row.at("dateLastModified").empty()));
}

TEST_CASE("users by role are the roster's people by role") {
    Exported out;
    // A person lists every role in "roles" (absent: their one kind); each role is a user.
    std::map<std::string, std::size_t> by_kind;
    std::size_t users = 0;
    const auto people = out.roster->getArray("people");
    for (std::size_t i = 0; i < people->size(); ++i) {
        const auto person = people->getObject(i);
        const auto listed = person->getArray("roles");
        if (!listed) ++by_kind[person->getValue<std::string>("kind")], ++users;
        for (std::size_t r = 0; listed && r < listed->size(); ++r) ++by_kind[listed->getElement<std::string>(r)], ++users;
    }
    CHECK(users == people->size() + 1); // Ann (10): one person, a teacher and a mother

    const auto roles = count_by(out.rows("roles.csv"), "role");
    CHECK(out.rows("users.csv").size() == users);
    CHECK(out.counts.users == users);
    CHECK(roles.at("teacher") == by_kind.at("teacher"));
    CHECK(roles.at("aide") == by_kind.at("staff"));
    CHECK(roles.at("student") == by_kind.at("student"));
    CHECK(roles.at("parent") + roles.at("guardian") == by_kind.at("parent"));
    // Only Inés is a legal guardian and nothing else; Ann is both a teacher and a mother.
    CHECK(out.row("roles.csv", "role-parent-202").at("role") == "guardian");
    CHECK(out.row("roles.csv", "role-parent-10").at("role") == "parent");
    CHECK(out.row("roles.csv", "role-teacher-10").at("role") == "teacher");
    // One primary role per user.
    CHECK(count_by(out.rows("roles.csv"), "userSourcedId").size() == users);
    CHECK(count_by(out.rows("roles.csv"), "roleType") == std::map<std::string, std::size_t>{{"primary", users}});
    CHECK(out.row("users.csv", "parent-10").at("email") == out.row("users.csv", "teacher-10").at("email"));
}

TEST_CASE("enrollments are the roster's, plus one per class teacher among the people") {
    Exported out;
    std::size_t teacher_enrollments = 0;
    std::size_t unknown_teachers = 0;
    const auto classes = out.roster->getArray("classes");
    for (std::size_t i = 0; i < classes->size(); ++i)
        for (const auto &id : *classes->getObject(i)->getArray("teacher_ids"))
            if (id.toString() == "999") // the one teacher the roster warns is unknown
                ++unknown_teachers;
            else
                ++teacher_enrollments;

    const auto by_role = count_by(out.rows("enrollments.csv"), "role");
    CHECK(by_role.at("student") == out.roster_count("enrollments"));
    CHECK(by_role.at("teacher") == teacher_enrollments);
    CHECK(out.rows("enrollments.csv").size() == out.roster_count("enrollments") + teacher_enrollments);
    CHECK(out.counts.enrollments == out.rows("enrollments.csv").size());
    CHECK(out.counts.unknown_teachers == unknown_teachers);

    // The primary teacher comes first in teacher_ids; a student's dates carry over.
    CHECK(out.row("enrollments.csv", "enrollment-class-501-teacher-12").at("primary") == "true");
    CHECK(out.row("enrollments.csv", "enrollment-class-501-teacher-11").at("primary") == "false");
    CHECK(out.row("enrollments.csv", "enrollment-901").at("beginDate") == "2026-10-01");
    CHECK(out.row("enrollments.csv", "enrollment-903").at("endDate") == "2026-12-01");
}

TEST_CASE("parents and students name each other in agentSourcedIds") {
    Exported out;
    std::map<std::string, std::string> role_of;
    for (const auto &row : out.rows("roles.csv")) role_of[row.at("userSourcedId")] = row.at("role");
    std::set<std::pair<std::string, std::string>> from_parents, from_students; // (parent, student)
    for (const auto &user : out.rows("users.csv")) {
        const std::string &id = user.at("sourcedId");
        for (const auto &agent : list_field(user.at("agentSourcedIds"))) {
            INFO(id << " names " << agent);
            REQUIRE(role_of.count(agent));
            if (role_of.at(id) == "student") {
                CHECK((role_of.at(agent) == "parent" || role_of.at(agent) == "guardian"));
                from_students.insert({agent, id});
            } else {
                CHECK((role_of.at(id) == "parent" || role_of.at(id) == "guardian"));
                CHECK(role_of.at(agent) == "student");
                from_parents.insert({id, agent});
            }
        }
    }
    CHECK(from_parents == from_students);
    CHECK(from_parents.size() == out.roster_count("links"));
    CHECK(list_field(out.row("users.csv", "student-100").at("agentSourcedIds")) ==
          std::vector<std::string>{"parent-200", "parent-201"});
}

TEST_CASE("every reference between the files resolves") {
    Exported out;
    const auto orgs = out.ids("orgs.csv"), users = out.ids("users.csv"), classes = out.ids("classes.csv"),
               courses = out.ids("courses.csv"), sessions = out.ids("academicSessions.csv");
    CHECK(orgs == std::set<std::string>{"demo-academy"});
    auto check_in = [](const std::set<std::string> &ids, const std::string &value, const std::string &what) {
        INFO(what << " = \"" << value << "\"");
        CHECK(ids.count(value));
    };
    for (const auto &u : out.rows("users.csv")) {
        check_in(orgs, u.at("primaryOrgSourcedId"), "users.primaryOrgSourcedId");
        for (const auto &agent : list_field(u.at("agentSourcedIds"))) check_in(users, agent, "users.agentSourcedIds");
    }
    for (const auto &r : out.rows("roles.csv")) {
        check_in(users, r.at("userSourcedId"), "roles.userSourcedId");
        check_in(orgs, r.at("orgSourcedId"), "roles.orgSourcedId");
    }
    for (const auto &c : out.rows("courses.csv")) check_in(orgs, c.at("orgSourcedId"), "courses.orgSourcedId");
    for (const auto &c : out.rows("classes.csv")) {
        check_in(courses, c.at("courseSourcedId"), "classes.courseSourcedId");
        check_in(orgs, c.at("schoolSourcedId"), "classes.schoolSourcedId");
        CHECK_FALSE(c.at("termSourcedIds").empty());
        for (const auto &term : list_field(c.at("termSourcedIds"))) check_in(sessions, term, "classes.termSourcedIds");
    }
    for (const auto &e : out.rows("enrollments.csv")) {
        check_in(classes, e.at("classSourcedId"), "enrollments.classSourcedId");
        check_in(users, e.at("userSourcedId"), "enrollments.userSourcedId");
        check_in(orgs, e.at("schoolSourcedId"), "enrollments.schoolSourcedId");
    }
    CHECK(list_field(out.row("classes.csv", "class-500").at("termSourcedIds")) ==
          std::vector<std::string>{"term-1", "term-2"});
}

TEST_CASE("courses come from the classes' courses, one per course code") {
    Exported out;
    CHECK(out.ids("courses.csv") == std::set<std::string>{"course-ENG", "course-MATH", "course-of-class-502"});
    CHECK(out.row("courses.csv", "course-ENG").at("title") == "English");
    CHECK(out.row("courses.csv", "course-ENG").at("courseCode") == "ENG");
    // A class without a course code gets a course of its own, titled like the class.
    CHECK(out.row("courses.csv", "course-of-class-502").at("title") == "Studio Art");
    CHECK(out.row("classes.csv", "class-503").at("courseSourcedId") == "course-ENG");
    CHECK(out.counts.courses == 3);
    CHECK(out.counts.classes == out.roster_count("classes"));
}

TEST_CASE("sourcedIds are unique across all the files") {
    Exported out;
    std::map<std::string, std::string> seen; // sourcedId -> file
    for (const auto &file : out.files)
        for (const auto &row : file.second.rows) {
            if (!row.count("sourcedId")) continue;
            INFO(row.at("sourcedId") << " in " << file.first);
            CHECK(seen.emplace(row.at("sourcedId"), file.first).second);
        }
    CHECK(seen.size() == out.counts.orgs + out.counts.users + out.counts.roles + out.counts.academic_sessions +
                             out.counts.courses + out.counts.classes + out.counts.enrollments);
}

TEST_CASE("names with a comma, a quote, a line break or non-ASCII letters come back unchanged") {
    Exported out;
    const Row &sean = out.row("users.csv", "teacher-12");
    CHECK(sean.at("givenName") == "Seán");
    CHECK(sean.at("familyName") == "Ó Briain, \"the Younger\"\nof Cork");
    const Row &li = out.row("users.csv", "student-101");
    CHECK(li.at("givenName") == "小龙");
    CHECK(li.at("familyName") == "李");
    CHECK(li.at("preferredGivenName") == "Bruce");
    CHECK(out.row("users.csv", "student-100").at("givenName") == "Zoë");
    CHECK(out.row("classes.csv", "class-501").at("title") == "Algebra II, Honors");
    // The quoting is RFC 4180's: the raw text holds the doubled quotes and a CRLF after each record.
    const std::string raw = read_text(out.dir + "/users.csv");
    CHECK_THAT(raw, Contains("\"Ó Briain, \"\"the Younger\"\"\nof Cork\""));
    CHECK(raw.substr(raw.size() - 2) == "\r\n");
}

TEST_CASE("a user's name, ids and username come from the roster person") {
    Exported out;
    const Row &ann = out.row("users.csv", "teacher-10");
    CHECK(ann.at("username") == "ateach");
    CHECK(ann.at("identifier") == "10");
    CHECK(ann.at("userIds") == "{veracross:10}");
    CHECK(ann.at("email") == "ann@school.org");
    CHECK(ann.at("enabledUser") == "true");
    // Without a username a person signs in by email, and without either by their sourcedId.
    CHECK(out.row("users.csv", "parent-200").at("username") == "maria@home.org");
    CHECK(out.row("users.csv", "student-100").at("username") == "student-100");
    CHECK(out.row("users.csv", "parent-201").at("preferredGivenName") == "Pepe");
}

TEST_CASE("academic sessions are the event's grading periods, in the school year they end") {
    Exported out;
    CHECK(out.ids("academicSessions.csv") == std::set<std::string>{"term-1", "term-2", "term-3"});
    for (const auto &session : out.rows("academicSessions.csv")) {
        CHECK(session.at("type") == "term");
        CHECK(session.at("schoolYear") == "2027"); // the 2026-27 school year
    }
    const Row &fall = out.row("academicSessions.csv", "term-1");
    CHECK(fall.at("title") == "Fall Semester");
    CHECK(fall.at("startDate") == "2026-09-01");
    CHECK(fall.at("endDate") == "2027-01-20");
}

TEST_CASE("a roster without people fails with a clear error and leaves the old folder as it was") {
    ScratchFolder scratch;
    const std::string dir = scratch.path("oneroster");
    export_oneroster_csv(*small_roster(), dir);
    write_text(dir + "/note.txt", "from the last export");
    const std::string users_before = read_text(dir + "/users.csv");

    Object::Ptr roster = small_roster();
    roster->remove("people");
    CHECK_THROWS_WITH(export_oneroster_csv(*roster, dir), Contains(dir) && Contains("\"people\""));
    CHECK(read_text(dir + "/users.csv") == users_before);
    CHECK(read_text(dir + "/note.txt") == "from the last export");
    CHECK(scratch.entries() == std::set<std::string>{"oneroster"});
}

TEST_CASE("a roster that refers to something it does not hold is not exported") {
    ScratchFolder scratch;
    const std::string dir = scratch.path("oneroster");
    Object::Ptr roster = small_roster();
    SECTION("an enrollment of a student who is not among the people") {
        roster->getArray("enrollments")->getObject(0)->set("student_id", "4242");
        CHECK_THROWS_WITH(export_oneroster_csv(*roster, dir), Contains(dir) && Contains("student 4242"));
    }
    SECTION("a class in a grading period the event does not have") {
        roster->getArray("classes")->getObject(0)->getArray("grading_period_ids")->add("77");
        CHECK_THROWS_WITH(export_oneroster_csv(*roster, dir), Contains(dir) && Contains("grading period 77"));
    }
    SECTION("a link to a parent who is not among the people") {
        roster->getArray("links")->getObject(0)->set("parent_id", "4343");
        CHECK_THROWS_WITH(export_oneroster_csv(*roster, dir), Contains(dir) && Contains("parent 4343"));
    }
    SECTION("the same person twice") {
        roster->getArray("people")->add(roster->getArray("people")->getObject(0));
        CHECK_THROWS_WITH(export_oneroster_csv(*roster, dir), Contains(dir) && Contains("teacher-10"));
    }
    SECTION("no school route to name the school by") {
        roster->remove("school_route");
        CHECK_THROWS_WITH(export_oneroster_csv(*roster, dir), Contains(dir) && Contains("school_route"));
    }
    CHECK(scratch.entries().empty());
}

TEST_CASE("an out folder whose parent is missing fails naming the folder") {
    ScratchFolder scratch;
    const std::string dir = scratch.path("missing/oneroster");
    CHECK_THROWS_WITH(export_oneroster_csv(*small_roster(), dir), Contains(dir));
    CHECK(scratch.entries().empty());
}

TEST_CASE("a second export replaces the first one's folder as a whole") {
    ScratchFolder scratch;
    const std::string dir = scratch.path("oneroster");
    export_oneroster_csv(*small_roster(), dir);
    write_text(dir + "/stray.csv", "left by hand");

    Object::Ptr roster = small_roster();
    roster->set("enrollments", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
    const auto counts = export_oneroster_csv(*roster, dir);
    CHECK_FALSE(Poco::File(dir + "/stray.csv").exists());
    CHECK(counts.enrollments == read_csv_file(dir + "/enrollments.csv").rows.size());
    CHECK(count_by(read_csv_file(dir + "/enrollments.csv").rows, "role").count("student") == 0);
    CHECK(scratch.entries() == std::set<std::string>{"oneroster"});
}

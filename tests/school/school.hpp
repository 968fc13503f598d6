// A simulated Veracross school: its OAuth applications, SSO users and Data
// API records. Made by generate_school (school_generator.cpp) and served by
// the simulator (tests/sim/). The records use Veracross's own field names
// (docs/veracross-data-api.md).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace vcsim {

using Record = Poco::JSON::Object::Ptr;

struct OAuthApp {
    std::string client_id;     // 32 hex characters
    std::string client_secret; // 64 hex characters
    std::set<std::string> enabled_scopes;
    std::vector<std::string> redirect_uris; // exact-match list for /oauth/authorize
    // The other answer to a scope the app lacks (Veracross documents neither):
    // false refuses the token request with invalid_scope (Doorkeeper's, the
    // default); true grants the enabled scopes and leaves the rest out of `scope`.
    bool grants_fewer_scopes = false;
};

// An account that can log in through SSO.
struct LoginUser {
    std::string sub;                // account id; deliberately NOT equal to person_id
    std::string preferred_username; // school-defined format
    std::string email;              // empty = null in userinfo and id_token
    std::vector<std::string> roles; // "Parent", "Faculty", "Staff", "Student"
    std::int64_t person_id = 0;     // the roster person this account belongs to
};

// One Data API collection, e.g. path "academics/classes", scope prefix
// "academics.classes" (list needs "<prefix>:list", read "<prefix>:read").
// Nested objects (a class's "course", an enrollment's "primary_teacher")
// may be shared between records: replace them, never edit them in place.
struct Resource {
    std::string path;
    std::string scope_prefix;
    std::vector<Record> records; // list shape, ordered by "id" ascending
    // Read shape by id where it differs from the list shape (e.g. students'
    // campus is an int in read); records without an entry read as listed.
    std::map<std::int64_t, Record> read_records;
    // Accepted query parameters -> the record field they filter on (dots for
    // nested fields: "homeroom_teacher.id"). The simulator implements
    // equality (';' separates alternatives), its negation for names ending
    // in _not, and, for names starting with on_or_after_ / on_or_before_,
    // inclusive date comparison on the field. A field "unlisted:<name>" is
    // read from `unlisted`; an empty field accepts the parameter without
    // filtering (e.g. parents' include_deceased).
    std::map<std::string, std::string> filters;
    // Values Veracross filters on but does not put in the record (an
    // enrollment's school_year, a staff member's role): name -> record id -> text.
    std::map<std::string, std::map<std::int64_t, std::string>> unlisted;
    Poco::JSON::Array::Ptr value_lists;      // served with X-API-Value-Lists: include
    Poco::JSON::Array::Ptr read_value_lists; // the read shape's, when they differ (else value_lists)
    bool readable = true;                    // false: no /{id} read is documented
};

struct School {
    std::string route;
    std::vector<OAuthApp> apps;
    std::vector<LoginUser> users;
    std::map<std::string, Resource> resources; // by path
    // The generator's own knowledge: the household it put each parent in
    // (the split-household ground truth reads this, not the records).
    std::map<std::int64_t, std::int64_t> parent_homes;
};

struct SchoolSpec {
    std::string route = "demo";
    std::uint64_t seed = 1;
    int students = 200; // 50 .. 20000
};

// Deterministic: the same spec gives the same school, byte for byte.
// Every school has one app with all 14 import scopes plus sso and openid,
// registered for https://pickatime.com/client and https://www.pickatime.com/client
// (client id/secret derived from the route and seed).
// Throws std::invalid_argument when spec.students is outside 50..20000.
School generate_school(const SchoolSpec &spec);

// A deterministic day of changes in the school, for delta imports: edits a
// few students, relationships, classes and enrollments (setting their
// last_modified_date to modified_at, "YYYY-MM-DDTHH:MM:SSZ"), adds a new
// family (parent, student, relationship, household, enrollments, login) and
// a few enrollments, and deletes a few records outright (a student with his
// enrollments and relationships, one enrollment, one relationship): deletions
// leave no trace that a last-modified filter could see. The scripted
// awkward-case families are left alone. The same school, seed and time give
// the same result.
// With `deletions` false, only the edits and additions are made.
void change_school(School &school, std::uint64_t seed, const std::string &modified_at, bool deletions = true);

// ---- Ground truth for imports -------------------------------------------
//
// The semantics every importer must implement (docs/conference-rules.md):
// * Period names resolve within one school year (the event's, else the one
//   in session on the first conference day or today, else the next, else
//   the last). A period belongs to the school level its group names
//   ("Upper School Semesters"), or to every level.
// * A class counts for the event when its begin_date..end_date overlaps the
//   window of its own level's chosen grading periods (earliest start_date ..
//   latest end_date), and, if levels are given, its school_level is one of
//   them. Enrollments are judged against the same window.
// * A staff member whose date_terminated is before the last conference day
//   (else the chosen periods' latest end) is not bookable.
// * An enrollment counts when its class counts and the student is in the
//   class during the window: late_date_enrolled is null or <= window end,
//   and date_withdrawn is null or >= window start. Students outside the
//   chosen grade levels (if given) do not count.
// * The teacher of a class is its primary_teacher_id; with co_teachers
//   (academics.permissions:list granted) also every person with a
//   permission on the class. A class without a teacher gives no booking,
//   and so does a teacher not in /staff_faculty.
// * With class_terms (academics.class_schedules:list granted), a class
//   counts when a class schedule links it to a chosen grading period
//   (grading_period.id), instead of by its dates.
// * With conference_days, a class and an enrollment count only when, on one
//   of those days, the class is in session (begin_date..end_date) and the
//   student is in it (late_date_enrolled..date_withdrawn).
// * A parent may book for a student when a relationship links them (listed
//   in either direction, or both; records with person_id = the student
//   decide, reverse ones only when there are none), the related person is in
//   /parents, the person is not deceased, and parent_portal_access is true
//   (unless include_without_portal_access) and legal_custody is true (unless
//   include_non_custodial, which is the default).
// * include_advisors adds the student's advisor and homeroom teacher, with
//   class_id 0 and reason "advisor" / "homeroom".
struct EventQuery {
    std::vector<std::int64_t> grading_period_ids;     // taken as they are, whatever their year
    // Names (description or abbreviation, any case): each resolves within
    // the event's school year, per level (docs/conference-rules.md section 1).
    std::vector<std::string> grading_period_names;
    std::string school_year; // value-list id or description; empty: the current one
    std::string today;       // "YYYY-MM-DD" for the current year; empty: the machine's date
    std::vector<std::int64_t> school_levels; // value-list ids; empty = all
    std::vector<std::int64_t> grade_levels;  // value-list ids; empty = all
    bool include_without_portal_access = false;
    bool include_non_custodial = true;
    bool include_advisors = false;
    bool split_households = true; // one booking group per household of a student's parents
    // What the optional scopes add (docs/conference-rules.md):
    bool co_teachers = false; // academics.permissions:list: every person with a permission on a class teaches it
    bool class_terms = false; // academics.class_schedules:list: a class counts when it meets in a chosen period
    std::vector<std::string> conference_days; // "YYYY-MM-DD": only who is in class on one of them counts
};

struct Booking {
    std::int64_t parent_id = 0;
    std::int64_t student_id = 0;
    std::int64_t teacher_id = 0;
    std::int64_t class_id = 0; // internal class id; 0 for advisor/homeroom
    std::string reason;        // "class", "advisor", "homeroom"
    bool operator<(const Booking &o) const;
    bool operator==(const Booking &o) const;
};

// Every booking the event allows, sorted, without duplicates: a plain,
// deliberately simple implementation of the rules above over the records,
// written independently of the plugin's importer.
std::vector<Booking> conference_truth(const School &school, const EventQuery &query);

// Split households (docs/conference-rules.md 6a): for each (parent, student)
// pair conference_truth books, its booking group: "household-<id>" of the
// household the generator put the parent in (School::parent_homes; for a
// parent it put in none, the student's household when the link's record says
// resident, else "parent-<id>"), when the student's parents who may book are
// in two groups or more; "" when they are in one, or split_households is off.
// Written apart from the importer, like conference_truth.
std::map<std::pair<std::int64_t, std::int64_t>, std::string> booking_groups_truth(const School &school,
                                                                                   const EventQuery &query);

} // namespace vcsim

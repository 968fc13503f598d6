// What this file takes from OneRoster 1.2 (facts gathered, not copied text):
//
// Sources. The 1EdTech "OneRoster: CSV Binding 1.2.1" (Final Release,
// 2023-08-22, imsglobal.org/spec/oneroster/v1p2/bind/csv) is the reference;
// the search index held only its opening, so its column tables were read
// from two independent 1.2 implementations that agree with each other: the
// ManageBac "OneRoster 1.2 CSV Custom Specification" (guide.fariaedu.com,
// one column-order table per file) and an open-source OneRoster 1.2 CSV
// exporter of the Japanese profile (C#, "OneRosterCSV"), which writes every
// header and the whole manifest property list. Where ManageBac's tables spell
// a name differently (dateModified, agentSourceIds), the exporter's spelling,
// which is also the 1.1 tables' and ManageBac's own prose's, is used. Field
// meanings (schoolYear, role values) come from OneRoster 1.2 data-model
// bindings in several public client libraries.
//
// Facts used:
// - One file per entity; its first line is the header, names case-sensitive,
//   every column present in the binding's order even when empty: the
//   k...Header constants below are those lists. 1.2 took role and
//   orgSourcedIds out of users.csv into the new roles.csv (one row per role of
//   a user), and added userMasterIdentifier, resourceSourcedIds, the
//   preferred*Name columns, primaryOrgSourcedId and pronouns to users.csv.
// - manifest.csv has columns propertyName,value: manifest.version "1.0",
//   oneroster.version "1.2", one file.<name> row per 1.2 file (absent, bulk
//   or delta), and source.systemName / source.systemCode.
// - Bulk files leave status and dateLastModified blank.
// - A list (agentSourcedIds, termSourcedIds, userIds) is one field holding
//   comma-separated values; userIds entries are written {type:id}.
// - User roles (1.2): aide, counselor, districtAdministrator, guardian, parent,
//   principal, proctor, relative, siteAdministrator, student,
//   systemAdministrator, teacher; roleType primary or secondary.
// - agentSourcedIds links a student to the parents/guardians and back.
// - enrollments.role here is student or teacher; primary marks the lead teacher.
// - classType is homeroom or scheduled; academicSessions.type is one of
//   gradingPeriod, semester, schoolYear, term; schoolYear is the YYYY in which
//   the school year ends (a 2026-27 year is "2027").
// - Dates are YYYY-MM-DD, as the roster already writes them.
#include "oneroster/oneroster_export.hpp"

#include "base/json_object.hpp"
#include "oneroster/csv_writer.hpp"
#include "oneroster/oneroster_atomic_folder.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace sis_cli {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The header line of each file, exactly as the 1.2 binding orders it.
const char kManifestHeader[] = "propertyName,value";
const char kOrgsHeader[] = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId";
const char kUsersHeader[] = "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,"
                            "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
                            "userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,"
                            "preferredFamilyName,primaryOrgSourcedId,pronouns";
const char kRolesHeader[] =
    "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId";
const char kAcademicSessionsHeader[] =
    "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear";
const char kCoursesHeader[] =
    "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes";
const char kClassesHeader[] = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,"
                              "location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods";
const char kEnrollmentsHeader[] =
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate";

// Every file.<name> property of the 1.2 manifest, in the binding's order.
const char kManifestFiles[] = "academicSessions,categories,classes,classResources,courses,courseResources,demographics,"
                              "enrollments,lineItemLearningObjectiveIds,lineItems,lineItemScoreScales,orgs,resources,"
                              "resultLearningObjectiveIds,results,resultScoreScales,roles,scoreScales,userProfiles,"
                              "userResources,users";

std::vector<std::string> split_commas(const std::string &line) {
    std::vector<std::string> items;
    std::string::size_type from = 0;
    for (auto comma = line.find(','); comma != std::string::npos; from = comma + 1, comma = line.find(',', from))
        items.push_back(line.substr(from, comma - from));
    items.push_back(line.substr(from));
    return items;
}

// A roster that cannot become a consistent OneRoster set.
struct RosterProblem : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The text of a field; "" when it is missing or null.
std::string required_text(const Object &o, const std::string &key, const std::string &where) {
    std::string value = field_text(o, key);
    if (value.empty()) throw RosterProblem(where + " has no \"" + key + "\"");
    return value;
}

Array::Ptr required_list(const Object &o, const std::string &key, const std::string &where) {
    Array::Ptr list = o.getArray(key);
    if (!list) throw RosterProblem(where + " has no \"" + key + "\" list");
    return list;
}

Object::Ptr entry(const Array &list, std::size_t i, const std::string &where) {
    Object::Ptr o = list.getObject(static_cast<unsigned>(i));
    if (!o) throw RosterProblem(where + " is not an object");
    return o;
}

std::string where(const std::string &list, std::size_t i) { return list + "[" + std::to_string(i) + "]"; }

std::string joined(const std::vector<std::string> &items) {
    std::string s;
    for (const auto &item : items) s += (s.empty() ? "" : ",") + item;
    return s;
}

// OneRoster's schoolYear is the year the school year ends. A grading period
// starting from July on belongs to the year that ends the next summer
// (northern-hemisphere calendars, as Veracross schools keep them).
std::string school_year_of(const std::string &date, const std::string &where) {
    const bool well_formed =
        date.size() >= 7 && date[4] == '-' && std::isdigit(static_cast<unsigned char>(date[5])) &&
        std::isdigit(static_cast<unsigned char>(date[6])) &&
        std::all_of(date.begin(), date.begin() + 4, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (!well_formed) throw RosterProblem(where + " has a start date \"" + date + "\" that is not YYYY-MM-DD");
    const int year = std::stoi(date.substr(0, 4));
    const int month = std::stoi(date.substr(5, 2));
    return std::to_string(month >= 7 ? year + 1 : year);
}

// The OneRoster role of a roster person kind. Staff who are not teachers
// have no role of their own in 1.2; aide is its catch-all for them.
std::string role_of(const std::string &kind) {
    if (kind == "teacher") return "teacher";
    if (kind == "staff") return "aide";
    if (kind == "student") return "student";
    return "parent"; // or guardian: decided from the person's links
}

// One roster person on the way to users.csv and roles.csv.
struct Person {
    Object::Ptr record;
    std::string kind, user_id;
    std::vector<std::string> agents; // user ids of linked students or parents
    std::size_t links = 0, guardian_links = 0;
};

// The whole mapping, file by file; every reference is resolved as it is
// written, so a roster that points at something it does not hold fails here.
class OneRosterSet {
public:
    explicit OneRosterSet(const Object &roster) {
        org_id_ = required_text(roster, "school_route", "the roster");
        sis_ = field_text(roster, "sis");
        // The roster names its school only by route: that is the org's id and name.
        orgs_.add({{"sourcedId", claim(org_id_, "the roster's school_route")},
                   {"name", org_id_},
                   {"type", "school"},
                   {"identifier", org_id_}});
        read_people(*required_list(roster, "people", "the roster"));
        read_links(*required_list(roster, "links", "the roster"));
        write_people();
        Object::Ptr event = roster.getObject("event");
        if (!event) throw RosterProblem("the roster has no \"event\"");
        write_sessions(*required_list(*event, "grading_periods", "the event"));
        write_classes(*required_list(roster, "classes", "the roster"));
        write_enrollments(*required_list(roster, "enrollments", "the roster"));
    }

    std::vector<FolderFile> files() const {
        const std::vector<std::pair<std::string, const CsvTable *>> tables = {{"orgs", &orgs_},
                                                                              {"users", &users_},
                                                                              {"roles", &roles_},
                                                                              {"academicSessions", &sessions_},
                                                                              {"courses", &courses_},
                                                                              {"classes", &classes_},
                                                                              {"enrollments", &enrollments_}};
        std::set<std::string> written;
        for (const auto &table : tables) written.insert(table.first);
        CsvTable manifest(split_commas(kManifestHeader));
        auto property = [&](const std::string &name, const std::string &value) {
            manifest.add({{"propertyName", name}, {"value", value}});
        };
        property("manifest.version", "1.0");
        property("oneroster.version", "1.2");
        for (const auto &name : split_commas(kManifestFiles))
            property("file." + name, written.count(name) ? "bulk" : "absent");
        property("source.systemName", "pickAtime");
        property("source.systemCode", "pickatime");

        std::vector<FolderFile> files{FolderFile{"manifest.csv", manifest.text()}};
        for (const auto &table : tables) files.push_back(FolderFile{table.first + ".csv", table.second->text()});
        return files;
    }

    OneRosterCounts counts() const {
        OneRosterCounts c;
        c.orgs = orgs_.size();
        c.users = users_.size();
        c.roles = roles_.size();
        c.academic_sessions = sessions_.size();
        c.courses = courses_.size();
        c.classes = classes_.size();
        c.enrollments = enrollments_.size();
        c.unknown_teachers = unknown_teachers_.size();
        return c;
    }

private:
    void read_people(const Array &people) {
        for (std::size_t i = 0; i < people.size(); ++i) {
            const std::string at = where("people", i);
            Object::Ptr record = entry(people, i, at);
            // One Veracross person can be both a teacher and a parent (one
            // entry, several roles): a user per role keeps each sourcedId
            // unique and stable, and each role its own roles.csv row.
            std::vector<std::string> roles;
            if (const auto listed = record->getArray("roles"))
                for (std::size_t r = 0; r < listed->size(); ++r) roles.push_back(listed->get(static_cast<unsigned>(r)).toString());
            if (roles.empty()) roles.push_back(required_text(*record, "kind", at));
            const std::string id = required_text(*record, "id", at);
            for (const auto &role : roles) {
                if (role != "teacher" && role != "staff" && role != "student" && role != "parent")
                    throw RosterProblem(at + " has an unknown kind \"" + role + "\"");
                Person p;
                p.record = record;
                p.kind = role;
                p.user_id = claim(p.kind + "-" + id, at);
                by_kind_and_id_.emplace(std::make_pair(p.kind, id), people_.size());
                people_.push_back(std::move(p));
            }
        }
    }

    // Every sourcedId is unique across all the files; returns `id`.
    std::string claim(std::string id, const std::string &at) {
        if (!sourced_ids_.insert(id).second) throw RosterProblem(at + " would repeat the sourcedId " + id);
        return id;
    }

    Person *find(const std::string &kind, const std::string &id) {
        auto it = by_kind_and_id_.find({kind, id});
        return it == by_kind_and_id_.end() ? nullptr : &people_[it->second];
    }

    void read_links(const Array &links) {
        for (std::size_t i = 0; i < links.size(); ++i) {
            const std::string at = where("links", i);
            Object::Ptr link = entry(links, i, at);
            const std::string parent_id = required_text(*link, "parent_id", at);
            const std::string student_id = required_text(*link, "student_id", at);
            Person *parent = find("parent", parent_id);
            Person *student = find("student", student_id);
            if (!parent) throw RosterProblem(at + " names parent " + parent_id + ", who is not among the people");
            if (!student) throw RosterProblem(at + " names student " + student_id + ", who is not among the people");
            parent->agents.push_back(student->user_id);
            student->agents.push_back(parent->user_id);
            ++parent->links;
            Object::Ptr relationship = link->getObject("relationship");
            const std::string description = relationship ? field_text(*relationship, "description") : "";
            if (Poco::toLower(description).find("guardian") != std::string::npos) ++parent->guardian_links;
        }
    }

    void write_people() {
        for (const Person &p : people_) {
            const Object &r = *p.record;
            // username is required; a person without one signs in by email,
            // and one with neither still needs a stable unique value.
            std::string username = field_text(r, "username");
            if (username.empty()) username = field_text(r, "email");
            if (username.empty()) username = p.user_id;
            users_.add({{"sourcedId", p.user_id},
                        {"enabledUser", "true"},
                        {"username", username},
                        {"userIds", sis_.empty() ? "" : "{" + sis_ + ":" + field_text(r, "id") + "}"},
                        {"givenName", field_text(r, "first_name")},
                        {"familyName", field_text(r, "last_name")},
                        {"identifier", field_text(r, "id")},
                        {"email", field_text(r, "email")},
                        {"agentSourcedIds", joined(p.agents)},
                        {"preferredGivenName", field_text(r, "preferred_name")},
                        {"primaryOrgSourcedId", org_id_}});
            // Guardian only when every link says so: a parent of one child
            // who is guardian of another is still a parent.
            const bool guardian = p.kind == "parent" && p.links > 0 && p.links == p.guardian_links;
            roles_.add({{"sourcedId", claim("role-" + p.user_id, "the role of " + p.user_id)},
                        {"userSourcedId", p.user_id},
                        {"roleType", "primary"},
                        {"role", guardian ? "guardian" : role_of(p.kind)},
                        {"orgSourcedId", org_id_}});
        }
    }

    // The event's grading periods are the terms its classes run in.
    void write_sessions(const Array &periods) {
        for (std::size_t i = 0; i < periods.size(); ++i) {
            const std::string at = where("event.grading_periods", i);
            Object::Ptr period = entry(periods, i, at);
            const std::string id = required_text(*period, "id", at);
            const std::string start = required_text(*period, "start", at);
            const std::string session_id = claim("term-" + id, at);
            sessions_.add({{"sourcedId", session_id},
                           {"title", required_text(*period, "name", at)},
                           {"type", "term"},
                           {"startDate", start},
                           {"endDate", required_text(*period, "end", at)},
                           {"schoolYear", school_year_of(start, at)}});
            term_ids_[id] = session_id;
        }
    }

    // A course per course code; a class without one gets a course of its own.
    std::string course_of(const Object &cls, const std::string &class_id) {
        Object::Ptr course = cls.getObject("course");
        const std::string code = course ? field_text(*course, "code") : "";
        const std::string name = course ? field_text(*course, "name") : "";
        const std::string course_id = code.empty() ? "course-of-class-" + class_id : "course-" + code;
        if (course_ids_.insert(course_id).second) {
            std::string title = name.empty() ? code : name;
            if (title.empty()) title = field_text(cls, "name");
            courses_.add({{"sourcedId", claim(course_id, "the course of class " + class_id)},
                          {"title", title},
                          {"courseCode", code},
                          {"orgSourcedId", org_id_}});
        }
        return course_id;
    }

    void write_classes(const Array &classes) {
        for (std::size_t i = 0; i < classes.size(); ++i) {
            const std::string at = where("classes", i);
            Object::Ptr cls = entry(classes, i, at);
            const std::string id = required_text(*cls, "id", at);
            const std::string class_id = claim("class-" + id, at);
            class_ids_.emplace(id, class_id);
            std::vector<std::string> terms;
            for (const auto &period : *required_list(*cls, "grading_period_ids", at)) {
                auto term = term_ids_.find(period.convert<std::string>());
                if (term == term_ids_.end())
                    throw RosterProblem(at + " runs in grading period " + period.convert<std::string>() +
                                        ", which is not among the event's grading_periods");
                terms.push_back(term->second);
            }
            classes_.add({{"sourcedId", class_id},
                          {"title", required_text(*cls, "name", at)},
                          {"courseSourcedId", course_of(*cls, id)},
                          {"classCode", field_text(*cls, "code")},
                          {"classType", "scheduled"},
                          {"schoolSourcedId", org_id_},
                          {"termSourcedIds", joined(terms)}});
            write_teacher_enrollments(*required_list(*cls, "teacher_ids", at), id);
        }
    }

    // teacher_ids lists the primary teacher first.
    void write_teacher_enrollments(const Array &teacher_ids, const std::string &class_id) {
        for (std::size_t k = 0; k < teacher_ids.size(); ++k) {
            const std::string teacher_id = teacher_ids.get(static_cast<unsigned>(k)).convert<std::string>();
            Person *teacher = find("teacher", teacher_id);
            if (!teacher) teacher = find("staff", teacher_id);
            if (!teacher) {
                unknown_teachers_.insert(teacher_id);
                continue;
            }
            const std::string enrollment_id = "enrollment-class-" + class_id + "-teacher-" + teacher_id;
            enrollments_.add({{"sourcedId", claim(enrollment_id, "class " + class_id + "'s teacher " + teacher_id)},
                              {"classSourcedId", class_ids_.at(class_id)},
                              {"schoolSourcedId", org_id_},
                              {"userSourcedId", teacher->user_id},
                              {"role", "teacher"},
                              {"primary", k == 0 ? "true" : "false"}});
        }
    }

    void write_enrollments(const Array &enrollments) {
        for (std::size_t i = 0; i < enrollments.size(); ++i) {
            const std::string at = where("enrollments", i);
            Object::Ptr e = entry(enrollments, i, at);
            const std::string class_id = required_text(*e, "class_id", at);
            const std::string student_id = required_text(*e, "student_id", at);
            auto cls = class_ids_.find(class_id);
            if (cls == class_ids_.end())
                throw RosterProblem(at + " names class " + class_id + ", which is not among the classes");
            const Person *student = find("student", student_id);
            if (!student) throw RosterProblem(at + " names student " + student_id + ", who is not among the people");
            enrollments_.add({{"sourcedId", claim("enrollment-" + required_text(*e, "id", at), at)},
                              {"classSourcedId", cls->second},
                              {"schoolSourcedId", org_id_},
                              {"userSourcedId", student->user_id},
                              {"role", "student"},
                              {"primary", "false"},
                              {"beginDate", field_text(*e, "start")},
                              {"endDate", field_text(*e, "end")}});
        }
    }

    std::string org_id_, sis_;
    std::vector<Person> people_;
    std::map<std::pair<std::string, std::string>, std::size_t> by_kind_and_id_; // (kind, roster id) -> people_
    std::map<std::string, std::string> term_ids_, class_ids_;                   // roster id -> sourcedId
    std::set<std::string> sourced_ids_, course_ids_, unknown_teachers_;
    CsvTable orgs_{split_commas(kOrgsHeader)}, users_{split_commas(kUsersHeader)}, roles_{split_commas(kRolesHeader)},
        sessions_{split_commas(kAcademicSessionsHeader)}, courses_{split_commas(kCoursesHeader)},
        classes_{split_commas(kClassesHeader)}, enrollments_{split_commas(kEnrollmentsHeader)};
};

} // namespace

OneRosterCounts export_oneroster_csv(const Poco::JSON::Object &roster, const std::string &out_dir) {
    try {
        const OneRosterSet set(roster);
        write_folder_atomically(out_dir, set.files());
        return set.counts();
    } catch (const RosterProblem &e) {
        throw std::runtime_error(out_dir + ": OneRoster CSV not written: " + e.what());
    } catch (const Poco::Exception &e) {
        // A field of a type that does not convert to text, e.g. an object for an id.
        throw std::runtime_error(out_dir + ": OneRoster CSV not written: the roster is malformed: " + e.displayText());
    }
}

} // namespace sis_cli

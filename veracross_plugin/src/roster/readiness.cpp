#include "roster/readiness.hpp"

#include "common/email_key.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace veracross {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// A teacher who is also a parent (one person, kind teacher) is a parent too.
bool has_role(const RosterPerson &p, PersonKind role) {
    return p.kind == role || std::find(p.roles.begin(), p.roles.end(), role) != p.roles.end();
}

std::string display_name(const RosterPerson &p) {
    return (p.name.preferred.empty() ? p.name.first : p.name.preferred) + " " + p.name.last;
}

// A parent can be reached for a student when they may book for them and
// have an email to be told with; the first thing missing is the reason.
Array::Ptr students_without_reachable_parent(const Roster &r) {
    std::set<Id> parents_with_email;
    for (const auto &p : r.people)
        if (has_role(p, PersonKind::parent) && !email_key(p.email).empty()) parents_with_email.insert(p.id);
    struct Reach {
        bool linked = false, may_book = false, reachable = false;
    };
    std::map<Id, Reach> reach;
    for (const auto &l : r.links) {
        auto &s = reach[l.student_id];
        s.linked = true;
        s.may_book |= l.may_book;
        s.reachable |= l.may_book && parents_with_email.count(l.parent_id);
    }
    Array::Ptr out = new Array;
    for (const auto &p : r.people) {
        if (p.kind != PersonKind::student) continue;
        const Reach s = reach[p.id];
        if (s.reachable) continue;
        Object::Ptr row = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        row->set("student_id", std::to_string(p.id));
        row->set("display_name", display_name(p));
        row->set("why", !s.linked ? "no_parent_linked" : !s.may_book ? "no_parent_may_book" : "no_bookable_parent_with_email");
        out->add(row);
    }
    return out;
}

Array::Ptr teachers_without_email(const Roster &r) {
    Array::Ptr out = new Array;
    for (const auto &p : r.people) {
        if (p.kind != PersonKind::teacher || !email_key(p.email).empty()) continue;
        Object::Ptr row = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        row->set("teacher_id", std::to_string(p.id));
        row->set("display_name", display_name(p));
        out->add(row);
    }
    return out;
}

// Emails on two or more records of parents, teachers or staff (one person
// listed under two kinds is one record). `between`: parent-parent,
// staff-parent (a teacher counts as staff) or staff-staff.
Array::Ptr shared_emails(const Roster &r) {
    std::map<std::string, std::map<Id, bool>> by_email; // email -> id -> is a parent
    for (const auto &p : r.people) {
        if (p.kind == PersonKind::student) continue;
        const std::string key = email_key(p.email);
        if (!key.empty()) by_email[key][p.id] |= p.kind == PersonKind::parent;
    }
    Array::Ptr out = new Array;
    for (const auto &[email, ids] : by_email) {
        if (ids.size() < 2) continue;
        std::size_t parents = 0;
        Array::Ptr id_list = new Array;
        for (const auto &[id, parent] : ids) {
            parents += parent;
            id_list->add(std::to_string(id));
        }
        Object::Ptr row = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        row->set("email", email);
        row->set("between", parents == ids.size() ? "parent-parent" : parents ? "staff-parent" : "staff-staff");
        row->set("ids", id_list);
        out->add(row);
    }
    return out;
}

} // namespace

Object::Ptr readiness_report(const Roster &roster) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("students_without_reachable_parent", students_without_reachable_parent(roster));
    o->set("teachers_without_email", teachers_without_email(roster));
    o->set("shared_emails", shared_emails(roster));
    return o;
}

} // namespace veracross

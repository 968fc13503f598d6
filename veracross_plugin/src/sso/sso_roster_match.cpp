#include "sso/sso_roster_match.hpp"

#include "common/email_key.hpp"
#include "common/json_text.hpp"
#include "sso/sso_errors.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <algorithm>

namespace veracross {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string member(const Object &o, const std::string &name) {
    return o.has(name) && o.get(name).isString() ? o.getValue<std::string>(name) : std::string();
}

std::string folded(const std::string &s) { return email_key(s); }

std::vector<Object::Ptr> objects(const Object &roster, const std::string &name) {
    std::vector<Object::Ptr> out;
    if (const auto list = roster.getArray(name))
        for (std::size_t i = 0; i < list->size(); ++i)
            if (auto o = list->getObject(static_cast<unsigned>(i))) out.push_back(o);
    return out;
}

std::vector<Object::Ptr> with(const std::vector<Object::Ptr> &people, const std::string &field,
                              const std::string &value) {
    std::vector<Object::Ptr> out;
    if (folded(value).empty()) return out;
    for (const auto &p : people)
        if (folded(member(*p, field)) == folded(value)) out.push_back(p);
    return out;
}

// A person's roles: "roles" when the result lists them, else its one kind.
std::vector<std::string> roster_roles(const Object &person) {
    std::vector<std::string> roles;
    if (const auto listed = person.getArray("roles"))
        for (std::size_t i = 0; i < listed->size(); ++i) roles.push_back(listed->get(static_cast<unsigned>(i)).toString());
    if (roles.empty()) roles.push_back(member(person, "kind"));
    return roles;
}

bool has_role(const Object &person, const std::string &role) {
    const auto roles = roster_roles(person);
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::vector<std::string> distinct_ids(const std::vector<Object::Ptr> &entries) {
    std::vector<std::string> ids;
    for (const auto &e : entries)
        if (std::find(ids.begin(), ids.end(), member(*e, "id")) == ids.end()) ids.push_back(member(*e, "id"));
    return ids;
}

// The teachers a parent may book, from the conference view, with names.
Array::Ptr bookable_teachers(const Object &roster, const std::string &parent_id,
                             const std::vector<Object::Ptr> &people) {
    Array::Ptr teachers = new Array;
    for (const auto &entry : objects(roster, "conference")) {
        if (member(*entry, "parent_id") != parent_id) continue;
        for (const auto &t : objects(*entry, "teachers")) {
            Object::Ptr teacher = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            const std::string id = member(*t, "teacher_id");
            const auto named = std::find_if(people.begin(), people.end(), [&](const Object::Ptr &p) {
                return member(*p, "id") == id && has_role(*p, "teacher");
            });
            teacher->set("teacher_id", id);
            teacher->set("display_name", named == people.end() ? Poco::Dynamic::Var() : (*named)->get("display_name"));
            teacher->set("for", t->get("for"));
            teachers->add(teacher);
        }
    }
    return teachers;
}

// One person of the roster (a teacher who is also a parent is one entry
// with both roles; older results listed them twice), as the result shows them.
Object::Ptr person_of(const std::string &id, const std::vector<Object::Ptr> &entries, const Object &roster,
                      const std::vector<Object::Ptr> &people, const std::string &matched_by) {
    std::vector<Object::Ptr> mine;
    for (const auto &e : entries)
        if (member(*e, "id") == id) mine.push_back(e);
    std::vector<std::string> kinds;
    for (const auto &entry : mine)
        for (const auto &role : roster_roles(*entry))
            if (std::find(kinds.begin(), kinds.end(), role) == kinds.end()) kinds.push_back(role);
    const std::vector<Object::Ptr> links = objects(roster, "links");
    const bool may_book = std::any_of(links.begin(), links.end(), [&](const Object::Ptr &l) {
        return member(*l, "parent_id") == id && l->optValue<bool>("may_book", false);
    });

    Object::Ptr person = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    person->set("id", id);
    person->set("kind", kinds.front());
    person->set("kinds", json_list(kinds));
    person->set("display_name", mine.front()->get("display_name"));
    person->set("email", mine.front()->get("email"));
    person->set("matched_by", matched_by);
    person->set("may_book", may_book);
    person->set("may_be_booked", std::find(kinds.begin(), kinds.end(), "teacher") != kinds.end());
    person->set("teachers", may_book ? bookable_teachers(roster, id, people) : Array::Ptr(new Array));
    return person;
}

} // namespace

void add_roster_match(const SsoIdentity &identity, const Object &roster, const Object::Ptr &identity_json,
                      const std::string &match_by, Object &result) {
    const std::vector<Object::Ptr> people = objects(roster, "people");
    // Veracross's preferred_username is for display only (schools choose its
    // format), so the email decides; the username only when the school said so.
    std::vector<Object::Ptr> found = with(people, "email", identity.email);
    std::string matched_by = "email";
    if (found.empty() && match_by == "email_or_username") {
        found = with(people, "username", identity.display_name);
        matched_by = "username";
    }
    const std::vector<std::string> ids = distinct_ids(found);
    if (ids.empty()) throw user_not_in_roster(identity_json);
    if (ids.size() == 1) {
        result.set("person", person_of(ids.front(), found, roster, people, matched_by));
        return;
    }
    // A shared (family) email: the host asks the user which of them they are.
    Array::Ptr candidates = new Array;
    for (const auto &id : ids) candidates->add(person_of(id, found, roster, people, matched_by));
    result.set("candidates", candidates);
    result.set("matched_by", matched_by);
}

} // namespace veracross

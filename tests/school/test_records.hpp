// Reading generated records in the school tests.
#pragma once

#include "school/record_fields.hpp"

#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

namespace vcsim::test {

using Id = std::int64_t;

// The value at a dotted path ("advisor.id"); empty when a step is missing.
inline Poco::Dynamic::Var at_path(const Poco::JSON::Object &o, const std::string &path) {
    const auto dot = path.find('.');
    if (dot == std::string::npos) return o.has(path) ? o.get(path) : Poco::Dynamic::Var();
    const auto inner = o.getObject(path.substr(0, dot));
    return inner ? at_path(*inner, path.substr(dot + 1)) : Poco::Dynamic::Var();
}

inline bool has_path(const Poco::JSON::Object &o, const std::string &path) {
    const auto dot = path.find('.');
    if (dot == std::string::npos) return o.has(path);
    const auto inner = o.getObject(path.substr(0, dot));
    return inner && has_path(*inner, path.substr(dot + 1));
}

inline const std::vector<Record> &records(const School &school, const std::string &path) {
    return school.resources.at(path).records;
}

// The ids of the grading periods with this description ("Semester 1").
inline std::vector<Id> period_ids(const School &school, const std::string &description) {
    std::vector<Id> out;
    for (const Record &p : records(school, "academics/config/grading_periods"))
        if (text_of(*p, "description") == description) out.push_back(id_of(*p));
    return out;
}

// The event of the grading periods with this description or abbreviation
// ("Semester 1", "Q1"), of the current school year.
inline EventQuery event_of_period(const std::string &name) {
    EventQuery q;
    q.grading_period_names = {name};
    return q;
}

inline std::unordered_set<Id> ids(const School &school, const std::string &path) {
    std::unordered_set<Id> out;
    for (const Record &r : records(school, path)) out.insert(id_of(*r));
    return out;
}

// The value-list id of a description for a field of a resource.
inline Id coded(const School &school, const std::string &path, const std::string &field, const std::string &description) {
    for (const auto &entry : *school.resources.at(path).value_lists) {
        const auto list = entry.extract<Poco::JSON::Object::Ptr>();
        bool codes_field = false;
        for (const auto &f : *list->getArray("fields")) codes_field |= f.toString() == field;
        if (!codes_field) continue;
        for (const auto &item : *list->getArray("items")) {
            const auto i = item.extract<Poco::JSON::Object::Ptr>();
            if (i->getValue<std::string>("description") == description) return i->getValue<Id>("id");
        }
    }
    return 0;
}

// Everything a school serves, as one text: equal texts, equal schools.
inline std::string school_text(const School &school) {
    std::ostringstream out;
    out << school.route << "\n";
    for (const OAuthApp &app : school.apps) {
        out << app.client_id << " " << app.client_secret;
        for (const auto &scope : app.enabled_scopes) out << " " << scope;
        for (const auto &uri : app.redirect_uris) out << " " << uri;
        out << "\n";
    }
    for (const LoginUser &user : school.users) {
        out << user.sub << " " << user.preferred_username << " " << user.email << " " << user.person_id;
        for (const auto &role : user.roles) out << " " << role;
        out << "\n";
    }
    for (const auto &[path, resource] : school.resources) {
        out << path << " " << resource.scope_prefix << "\n";
        for (const auto &[name, field] : resource.filters) out << name << "=" << field << " ";
        out << "\n";
        resource.value_lists->stringify(out);
        for (const Record &r : resource.records) r->stringify(out);
        for (const auto &[id, r] : resource.read_records) {
            out << id;
            r->stringify(out);
        }
        out << "\n";
    }
    return out.str();
}

} // namespace vcsim::test

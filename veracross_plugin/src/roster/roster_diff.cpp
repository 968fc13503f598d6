#include "roster/roster_diff.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <map>

namespace veracross {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// A value as text with object keys sorted: a roster read back from a file
// keeps its keys in another order than a freshly made one.
std::string text_of(const Poco::Dynamic::Var &v) {
    if (v.isEmpty()) return "null";
    if (v.type() == typeid(Object::Ptr)) {
        const auto obj = v.extract<Object::Ptr>();
        std::vector<std::string> names;
        obj->getNames(names);
        std::sort(names.begin(), names.end());
        std::string out = "{";
        for (const auto &n : names) out += n + ":" + text_of(obj->get(n)) + ",";
        return out + "}";
    }
    if (v.type() == typeid(Array::Ptr)) {
        const auto arr = v.extract<Array::Ptr>();
        std::string out = "[";
        for (std::size_t i = 0; i < arr->size(); ++i) out += text_of(arr->get(static_cast<unsigned>(i))) + ",";
        return out + "]";
    }
    return v.convert<std::string>();
}

// Items of one list by key; the key is one field or two joined.
std::map<std::string, Object::Ptr> keyed(const Object &doc, const std::string &list,
                                         const std::vector<std::string> &key_fields) {
    std::map<std::string, Object::Ptr> out;
    auto arr = doc.getArray(list);
    if (!arr) return out;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        auto item = arr->getObject(static_cast<unsigned>(i));
        if (!item) continue;
        std::string key;
        for (const auto &f : key_fields) key += (key.empty() ? "" : "/") + item->optValue<std::string>(f, "");
        out[key] = item;
    }
    return out;
}

Object::Ptr diff_list(const Object &previous, const Object &current, const std::string &list,
                      const std::vector<std::string> &key_fields) {
    const auto before = keyed(previous, list, key_fields);
    const auto after = keyed(current, list, key_fields);
    Array::Ptr added = new Array, removed = new Array, changed = new Array;
    for (const auto &a : after) {
        auto b = before.find(a.first);
        if (b == before.end()) {
            added->add(a.first);
            continue;
        }
        std::vector<std::string> names;
        a.second->getNames(names);
        std::vector<std::string> old_names;
        b->second->getNames(old_names);
        for (const auto &n : old_names)
            if (!a.second->has(n)) names.push_back(n);
        Array::Ptr fields = new Array;
        for (const auto &n : names)
            if (!b->second->has(n) || !a.second->has(n) || text_of(a.second->get(n)) != text_of(b->second->get(n)))
                fields->add(n);
        if (fields->size()) {
            Object::Ptr c = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            c->set("id", a.first);
            c->set("fields", fields);
            changed->add(c);
        }
    }
    for (const auto &b : before)
        if (!after.count(b.first)) removed->add(b.first);
    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("added", added);
    out->set("changed", changed);
    out->set("removed", removed);
    return out;
}

} // namespace

Object::Ptr diff_rosters(const Object &previous, const Object &current) {
    Object::Ptr diff = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    diff->set("people", diff_list(previous, current, "people", {"id"}));
    diff->set("links", diff_list(previous, current, "links", {"parent_id", "student_id"}));
    diff->set("classes", diff_list(previous, current, "classes", {"id"}));
    diff->set("enrollments", diff_list(previous, current, "enrollments", {"id"}));
    return diff;
}

} // namespace veracross

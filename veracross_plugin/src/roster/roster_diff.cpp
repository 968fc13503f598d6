#include "roster/roster_diff.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace veracross {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const ListDigest &list_of(const ResultDigest &doc, const char *name) {
    static const ListDigest none;
    const auto it = doc.lists.find(name);
    return it == doc.lists.end() ? none : it->second;
}

// The value hash of field `name` in `item`, or nullptr when it has none.
const std::size_t *field(const ItemDigest &item, const std::string &name) {
    for (const auto &f : item.fields)
        if (*f.first == name) return &f.second;
    return nullptr;
}

// The fields that differ: the new item's in its order, then those only the
// old one had.
Array::Ptr changed_fields(const ItemDigest &before, const ItemDigest &after) {
    Array::Ptr fields = new Array;
    for (const auto &f : after.fields) {
        const std::size_t *old = field(before, *f.first);
        if (!old || *old != f.second) fields->add(*f.first);
    }
    for (const auto &f : before.fields)
        if (!field(after, *f.first)) fields->add(*f.first);
    return fields;
}

Object::Ptr diff_list(const ListDigest &before, const ListDigest &after) {
    Array::Ptr added = new Array, removed = new Array, changed = new Array;
    auto old = before.begin();
    for (const auto &item : after) {
        for (; old != before.end() && old->key < item.key; ++old) removed->add(old->key);
        if (old == before.end() || old->key != item.key) {
            added->add(item.key);
            continue;
        }
        if (const auto fields = changed_fields(*old, item); fields->size()) {
            Object::Ptr c = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            c->set("id", item.key);
            c->set("fields", fields);
            changed->add(c);
        }
        ++old;
    }
    for (; old != before.end(); ++old) removed->add(old->key);
    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("added", added);
    out->set("changed", changed);
    out->set("removed", removed);
    return out;
}

} // namespace

Object::Ptr diff_rosters(const ResultDigest &previous, const ResultDigest &current) {
    Object::Ptr diff = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto &list : diffed_lists())
        diff->set(list.name, diff_list(list_of(previous, list.name), list_of(current, list.name)));
    return diff;
}

} // namespace veracross

// The previous result a host passes back for the diff (roster_diff.cpp),
// read as a digest while it is parsed (result_digest.cpp): any JSON object
// is diffed against a real roster document (fuzz/data/current_roster.json)
// both ways and against itself. Diffs never fail (an old result of another
// shape gives empty sections), a document never differs from itself, and
// the digest lists the same items a Poco tree of the text holds.
#include "fuzz_support.hpp"

#include "roster/result_digest.hpp"
#include "roster/roster_diff.hpp"

#include <Poco/JSON/Array.h>

#include <fstream>
#include <iterator>
#include <map>

namespace {

const veracross::ResultDigest &current_roster() {
    static const veracross::ResultDigest roster = [] {
        const std::string file = SIS_SOURCE_DIR "/fuzz/data/current_roster.json";
        std::ifstream in(file);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        try {
            return veracross::read_result(text);
        } catch (const std::exception &) {
            fuzz::broken(file + " is a roster document");
        }
    }();
    return roster;
}

std::string member(const Poco::JSON::Object &o, const std::string &name) {
    return o.has(name) && !o.isNull(name) ? o.get(name).convert<std::string>() : std::string();
}

// What a tree of the same text holds: per diffed list, its object items'
// keys (the last list of one name, the last item of one key).
void check_lists_as_a_tree_holds(const std::string &text, const veracross::ResultDigest &digest) {
    // In document order, as the digest reads it: an object used as a key
    // field (nonsense, but any JSON may come) is keyed by its text.
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    const auto tree = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    for (const auto &list : veracross::diffed_lists()) {
        std::map<std::string, std::size_t> want; // key -> fields
        if (const auto items = tree->getArray(list.name))
            for (std::size_t i = 0; i < items->size(); ++i)
                if (const auto item = items->getObject(static_cast<unsigned>(i))) {
                    std::string key;
                    for (const char *field : list.key_fields) key += (key.empty() ? "" : "/") + member(*item, field);
                    want[key] = item->size();
                }
        std::map<std::string, std::size_t> got;
        if (const auto it = digest.lists.find(list.name); it != digest.lists.end())
            for (const auto &item : it->second) got[item.key] = item.fields.size();
        if (got != want) fuzz::broken(std::string("the digest's ") + list.name + " are the tree's");
    }
}

bool no_changes(const Poco::JSON::Object &diff) {
    std::vector<std::string> lists;
    diff.getNames(lists);
    for (const auto &list : lists)
        for (const char *section : {"added", "changed", "removed"})
            if (diff.getObject(list)->getArray(section)->size() != 0) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string text = fuzz::text(data, size);
    veracross::ResultDigest previous;
    try {
        previous = veracross::read_result(text);
    } catch (const std::exception &) {
        return 0; // not a JSON object: the event spec refuses it before any diff
    }
    check_lists_as_a_tree_holds(text, previous);
    veracross::diff_rosters(previous, current_roster());
    veracross::diff_rosters(current_roster(), previous);
    if (!no_changes(*veracross::diff_rosters(previous, previous)))
        fuzz::broken("a roster document does not differ from itself");
    return 0;
}

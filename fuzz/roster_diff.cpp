// The previous result a host passes back for the diff (roster_diff.cpp):
// any JSON object is diffed against a real roster document
// (fuzz/data/current_roster.json) both ways and against itself. Diffs never
// fail (an old result of another shape gives empty sections), and a
// document never differs from itself.
#include "fuzz_support.hpp"

#include "roster/roster_diff.hpp"

#include <Poco/JSON/Array.h>

#include <fstream>
#include <iterator>

namespace {

const Poco::JSON::Object &current_roster() {
    static const Poco::JSON::Object::Ptr roster = [] {
        const std::string file = SIS_SOURCE_DIR "/fuzz/data/current_roster.json";
        std::ifstream in(file);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        try {
            return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        } catch (const std::exception &) {
            fuzz::broken(file + " is a roster document");
        }
    }();
    return *roster;
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
    Poco::JSON::Object::Ptr previous;
    try {
        previous = Poco::JSON::Parser().parse(fuzz::text(data, size)).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        return 0; // not a JSON object: the event spec refuses it before any diff
    }
    if (!previous) return 0;
    veracross::diff_rosters(*previous, current_roster());
    veracross::diff_rosters(current_roster(), *previous);
    if (!no_changes(*veracross::diff_rosters(*previous, *previous)))
        fuzz::broken("a roster document does not differ from itself");
    return 0;
}

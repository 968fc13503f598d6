// What an import needs of a result document (a previous import's, or the
// one it just wrote), read from its text without building its tree: the
// diff's lists as one digest an item, the people and bookable pairs the
// large-change safeguard counts, the cursor, and the small members.
// A 20,000-student result is 60+ MB of text; its digest is a few tens of
// MB, where a Poco tree of it took over a gigabyte.
#pragma once

#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace veracross {

// One item of a diffed list: its key and, per field in the item's order, a
// hash of the field's value (objects with their keys sorted, so the order
// a file keeps them in does not count as a change).
struct ItemDigest {
    std::string key;
    std::vector<std::pair<const std::string *, std::size_t>> fields; // name (interned), value hash
};

// A list's items in key order; of two with one key, the last counts.
using ListDigest = std::vector<ItemDigest>;

// The lists a diff compares, in the order it shows them, and the fields
// whose values (joined by "/") make an item's key.
struct DiffedList {
    const char *name;
    std::vector<const char *> key_fields;
};
const std::vector<DiffedList> &diffed_lists();

struct PersonLine {
    std::string kind, display_name;
};

struct ResultDigest {
    ResultDigest() = default;
    // Moved, never copied: ItemDigest's names point into field_names.
    ResultDigest(ResultDigest &&) = default;
    ResultDigest &operator=(ResultDigest &&) = default;
    ResultDigest(const ResultDigest &) = delete;
    ResultDigest &operator=(const ResultDigest &) = delete;

    // Every top-level member but the diffed lists, "conference",
    // "households" and "cursor"; null when the document is no object.
    Poco::JSON::Object::Ptr heading;
    // "people", "links", "classes" and "enrollments", those that are lists.
    std::map<std::string, ListDigest> lists;
    // "people" by id (the first of one id): kind and display name.
    std::map<std::string, PersonLine> people;
    // (parent_id, teacher_id) of every teacher in "conference".
    std::set<std::pair<std::string, std::string>> bookable_pairs;
    // The "cursor" member: whether there is one, and all of it but its
    // "records" (null when it is no object); the records as JSON text.
    bool has_cursor = false;
    Poco::JSON::Object::Ptr cursor;
    std::string cursor_records;
    std::set<std::string> field_names; // what ItemDigest::fields point to
};

// What to read of a result. The heading is always read.
enum class ResultParts {
    all,
    diff_and_heading,   // the diffed lists: the result an import just wrote
    cursor_and_heading, // what a fetch needs first of a previous result
    all_but_cursor,     // the rest of it: the diff's and the safeguards' parts
};

// The digest of the JSON text of one result document. Throws
// Poco::Exception when it is no JSON, and std::invalid_argument when it is
// no object. `stop`, when given, is asked now and then; true ends the read
// with PluginError(Status::cancelled).
ResultDigest read_result(const std::string &json, ResultParts parts = ResultParts::all,
                         const std::function<bool()> &stop = {});

// Reads one result document as Poco's parser reports it (read_result, or
// inside a larger document: the event's "previous").
class ResultReader {
public:
    explicit ResultReader(ResultParts parts = ResultParts::all);
    ~ResultReader();
    ResultReader(const ResultReader &) = delete;
    ResultReader &operator=(const ResultReader &) = delete;

    Poco::JSON::Handler &handler(); // give Poco's parser events of one JSON value to this
    bool is_object() const;         // the value was an object
    bool is_null() const;           // the value was null
    ResultDigest take();            // after the parse: the digest (empty unless is_object())

private:
    friend ResultDigest read_result(const std::string &json, ResultParts parts, const std::function<bool()> &stop);
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// The cursor's "records" as a tree; null when there are none or they are
// no JSON object.
Poco::JSON::Object::Ptr cursor_records(const ResultDigest &result);

} // namespace veracross

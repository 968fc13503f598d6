// One record's fields as the record parsers read them: its top-level
// values, and the values of objects one level down ("course": {"id": 7}
// gives the field "id" inside "course"). Deeper values are not kept: an
// object or array is kept as its kind only, so a parser can still say a
// field "is not text". The page reader fills one of these per record and
// reuses it (and its strings' memory) for the next.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <vector>

namespace veracross {

class RecordFields {
public:
    enum class Kind { null, text, integer, big_unsigned, real, boolean, object, array };

    struct Field {
        int parent = kTopLevel; // or the index of the object field it is in
        std::string name;
        Kind kind = Kind::null;
        std::string text;         // text; big_unsigned as its digits
        std::int64_t integer = 0; // integer; boolean as 0 or 1
        double real = 0;
    };

    static constexpr int kTopLevel = -1;
    static constexpr int kNone = -2;

    // Forgets every field but keeps their memory for the next record.
    void clear() { size_ = 0; }

    // A new field of `parent` (kTopLevel, or the index of an object field);
    // the caller sets its kind and value. Its index is size() - 1.
    Field &add(int parent, const std::string &name);
    int size() const { return size_; }
    const Field &at(int index) const { return fields_[static_cast<std::size_t>(index)]; }

    // The index of the field `name` in `parent`, or kNone. The last of
    // duplicate names wins, as in a Poco JSON object.
    int find(int parent, const std::string &name) const;

private:
    std::vector<Field> fields_; // [0, size_) in use; the rest kept for their memory
    int size_ = 0;
};

// Fills `fields` (cleared first) from a record parsed as a Poco JSON object.
void fill_fields(RecordFields &fields, const Poco::JSON::Object &record);

} // namespace veracross

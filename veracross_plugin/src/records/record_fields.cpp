#include "records/record_fields.hpp"

#include <Poco/JSON/Array.h>

#include <limits>

namespace veracross {

RecordFields::Field &RecordFields::add(int parent, const std::string &name) {
    if (static_cast<std::size_t>(size_) == fields_.size()) fields_.emplace_back();
    Field &f = fields_[static_cast<std::size_t>(size_++)];
    f.parent = parent;
    f.name.assign(name); // reuses the slot's memory
    f.kind = Kind::null;
    return f;
}

int RecordFields::find(int parent, const std::string &name) const {
    for (int i = size_ - 1; i >= 0; --i) {
        const Field &f = fields_[static_cast<std::size_t>(i)];
        if (f.parent == parent && f.name == name) return i;
    }
    return kNone;
}

namespace {

// One value of a Poco object, as the page reader would have seen it.
void set_value(RecordFields::Field &f, const Poco::Dynamic::Var &v) {
    using Kind = RecordFields::Kind;
    if (v.isEmpty()) {
        f.kind = Kind::null;
    } else if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
        f.kind = Kind::object;
    } else if (v.isString()) {
        f.kind = Kind::text;
        f.text = v.extract<std::string>();
    } else if (v.isBoolean()) {
        f.kind = Kind::boolean;
        f.integer = v.extract<bool>() ? 1 : 0;
    } else if (v.isInteger()) {
        if (v.isSigned() || v.convert<std::uint64_t>() <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
            f.kind = Kind::integer;
            f.integer = v.convert<std::int64_t>();
        } else {
            f.kind = Kind::big_unsigned;
            f.text = v.convert<std::string>();
        }
    } else if (v.isNumeric()) {
        f.kind = Kind::real;
        f.real = v.convert<double>();
    } else {
        f.kind = Kind::array; // arrays, and anything else that is neither text nor number
    }
}

} // namespace

void fill_fields(RecordFields &fields, const Poco::JSON::Object &record) {
    fields.clear();
    for (const auto &member : record) {
        set_value(fields.add(RecordFields::kTopLevel, member.first), member.second);
        if (member.second.type() != typeid(Poco::JSON::Object::Ptr)) continue;
        const auto &inner = member.second.extract<Poco::JSON::Object::Ptr>();
        if (!inner) continue;
        const int parent = fields.size() - 1;
        for (const auto &child : *inner) {
            RecordFields::Field &f = fields.add(parent, child.first);
            set_value(f, child.second);
        }
    }
}

} // namespace veracross

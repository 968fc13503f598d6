#include "roster/safeguard_settings.hpp"

#include "common/plugin_error.hpp"

#include <Poco/JSON/Array.h>

#include <cctype>
#include <set>

namespace veracross {
namespace {

PluginError bad_setting(const std::string &field, const std::string &problem) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("field", field);
    return PluginError(Status::invalid_config, "invalid_event", "event spec: " + field + ": " + problem, d);
}

// An id as the roster writes it (text of digits) or a number.
Id booking_id(const Poco::JSON::Object &item, const std::string &field, const std::string &where) {
    if (!item.has(field) || item.isNull(field)) throw bad_setting(where + "." + field, "is missing");
    const auto v = item.get(field);
    if (v.isBoolean()) {
        // Poco counts true and false as integers: not an id.
    } else if (v.isInteger()) {
        const Id id = v.convert<Id>();
        if (id > 0) return id;
    } else if (v.isString()) {
        const std::string s = v.extract<std::string>();
        bool digits = !s.empty() && s.size() < 19;
        for (char c : s) digits = digits && std::isdigit(static_cast<unsigned char>(c));
        if (digits && std::stoll(s) > 0) return std::stoll(s);
    }
    throw bad_setting(where + "." + field, "must be a person id (a positive number, or its text)");
}

} // namespace

bool is_safeguard_setting(const std::string &member) {
    static const std::set<std::string> names{"large_change_percent", "accept_large_change", "bookings"};
    return names.count(member) > 0;
}

SafeguardSettings parse_safeguard_settings(const Poco::JSON::Object &o) {
    SafeguardSettings s;
    if (o.has("large_change_percent") && !o.isNull("large_change_percent")) {
        const auto v = o.get("large_change_percent");
        if (!v.isNumeric()) throw bad_setting("large_change_percent", "must be a number from 0 to 100");
        s.large_change_percent = v.convert<double>();
        if (!(s.large_change_percent >= 0 && s.large_change_percent <= 100))
            throw bad_setting("large_change_percent", "must be a number from 0 to 100");
    }
    if (o.has("accept_large_change") && !o.isNull("accept_large_change")) {
        const auto v = o.get("accept_large_change");
        if (!v.isBoolean()) throw bad_setting("accept_large_change", "must be true or false");
        s.accept_large_change = v.extract<bool>();
    }
    if (o.has("bookings") && !o.isNull("bookings")) {
        const auto list = o.getArray("bookings");
        if (!list) throw bad_setting("bookings", "must be a list of {parent_id, teacher_id, student_id}");
        s.bookings_given = true;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string where = "bookings item " + std::to_string(i + 1);
            const auto item = list->getObject(static_cast<unsigned>(i));
            if (!item) throw bad_setting(where, "must be an object {parent_id, teacher_id, student_id}");
            s.bookings.push_back({booking_id(*item, "parent_id", where), booking_id(*item, "teacher_id", where),
                                  booking_id(*item, "student_id", where)});
        }
    }
    return s;
}

} // namespace veracross

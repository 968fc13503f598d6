#include "roster/event_spec.hpp"

#include "common/json_routing.hpp"
#include "common/plugin_error.hpp"


#include <memory>
#include <set>

namespace veracross {

PluginError event_spec_error(const std::string &field, const std::string &problem) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("field", field);
    return PluginError(Status::invalid_config, "invalid_event", "event spec: " + field + ": " + problem, d);
}

namespace {

std::string text(const Poco::JSON::Object &o, const std::string &field, bool required) {
    if (!o.has(field) || o.isNull(field)) {
        if (required) throw event_spec_error(field, "is required");
        return {};
    }
    const auto v = o.get(field);
    if (!v.isString()) throw event_spec_error(field, "must be text");
    const std::string s = v.extract<std::string>();
    if (required && s.empty()) throw event_spec_error(field, "must not be empty");
    return s;
}

// What a list item that is neither an id nor a name is, for its error.
std::string kind_of(const Poco::Dynamic::Var &v) {
    if (v.isEmpty()) return "null";
    if (v.isBoolean()) return v.extract<bool>() ? "true" : "false";
    if (v.type() == typeid(Poco::JSON::Array::Ptr)) return "a list";
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) return "a map";
    if (v.isString()) return "empty text";
    if (v.isNumeric()) return "a number that is not whole";
    return "not an id or a name";
}

// A list of ids (whole numbers) or names (text). `item` says what one is
// and `example` gives a name, for the error that says what to write.
std::vector<std::string> id_or_name_list(const Poco::JSON::Object &o, const std::string &field, const std::string &item,
                                         const std::string &example) {
    std::vector<std::string> out;
    if (!o.has(field) || o.isNull(field)) return out;
    auto arr = o.getArray(field);
    if (!arr) throw event_spec_error(field, "must be a list of ids or names");
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto v = arr->get(static_cast<unsigned>(i));
        // Poco counts a boolean as an integer: true would pass as an id.
        if (!v.isBoolean() && (v.isInteger() || (v.isString() && !v.extract<std::string>().empty())))
            out.push_back(v.convert<std::string>());
        else
            throw event_spec_error(field, "item " + std::to_string(i + 1) + " is " + kind_of(v) + ": write " + item +
                                              "'s id (a whole number) or its name (\"" + example + "\")");
    }
    return out;
}

// `label` names the field in errors ("options.x" for an option).
bool boolean(const Poco::JSON::Object &o, const std::string &field, const std::string &label, bool fallback) {
    if (!o.has(field) || o.isNull(field)) return fallback;
    const auto v = o.get(field);
    if (!v.isBoolean()) throw event_spec_error(label, "must be true or false");
    return v.extract<bool>();
}

bool option(const Poco::JSON::Object &o, const std::string &field, bool fallback) {
    return boolean(o, field, "options." + field, fallback);
}

bool is_date(const std::string &s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

} // namespace

EventSpec parse_event_spec(const std::string &json, const std::function<bool()> &stop, ResultParts previous_parts) {
    // "previous" (a whole result, 60+ MB at 20,000 students) is read into
    // its digest as it is parsed; the rest of the event becomes a tree.
    ResultReader previous(previous_parts);
    bool previous_given = false;
    Poco::SharedPtr<MemberRouter> event(new MemberRouter([&](const std::string &name) -> Poco::JSON::Handler * {
        if (name != "previous") return nullptr;
        previous_given = true;
        return &previous.handler();
    }));
    Poco::JSON::Object::Ptr o;
    try {
        parse_or_stop(json, event, stop);
        o = event->kept();
    } catch (const PluginError &) {
        throw; // cancelled
    } catch (const std::exception &) {
        o = nullptr;
    }
    if (!o) throw PluginError(Status::invalid_config, "invalid_event", "event spec: must be a JSON object");

    static const std::set<std::string> known{"event_id", "name", "grading_periods", "grading_period_on", "conference_days",
                                             "school_year", "school_levels", "grade_levels", "options", "dry_run",
                                             "full_import", "previous"};
    std::vector<std::string> names;
    o->getNames(names);
    for (const auto &n : names)
        if (!known.count(n) && !is_safeguard_setting(n)) throw event_spec_error(n, "is not an event setting (check the spelling)");

    EventSpec e;
    e.event_id = text(*o, "event_id", true);
    e.name = text(*o, "name", true);
    e.grading_periods = id_or_name_list(*o, "grading_periods", "a grading period", "Semester 1");
    e.grading_period_on = text(*o, "grading_period_on", false);
    if (!e.grading_period_on.empty() && !is_date(e.grading_period_on))
        throw event_spec_error("grading_period_on", "must be a date YYYY-MM-DD");
    if (e.grading_periods.empty() == e.grading_period_on.empty())
        throw event_spec_error("grading_periods",
                        "give either grading_periods (ids or names) or grading_period_on (a date), not both");
    if (o->has("conference_days") && !o->isNull("conference_days")) {
        const auto days = o->getArray("conference_days");
        if (!days) throw event_spec_error("conference_days", "must be a list of dates YYYY-MM-DD");
        for (std::size_t i = 0; i < days->size(); ++i) {
            const auto v = days->get(static_cast<unsigned>(i));
            if (!v.isString() || !is_date(v.extract<std::string>()))
                throw event_spec_error("conference_days", "item " + std::to_string(i + 1) + " must be a date YYYY-MM-DD");
            e.conference_days.push_back(v.extract<std::string>());
        }
    }
    if (o->has("school_year") && !o->isNull("school_year")) {
        const auto v = o->get("school_year");
        // Poco counts a boolean as an integer: true is no school year.
        if (v.isBoolean() || !(v.isInteger() || (v.isString() && !v.extract<std::string>().empty())))
            throw event_spec_error("school_year", "must be a school year's id or name (\"2025-2026\")");
        e.school_year = v.convert<std::string>();
    }
    e.school_levels = id_or_name_list(*o, "school_levels", "a school level", "Upper School");
    e.grade_levels = id_or_name_list(*o, "grade_levels", "a grade level", "9th Grade");
    if (o->has("options") && !o->isNull("options")) {
        auto opts = o->getObject("options");
        if (!opts) throw event_spec_error("options", "must be an object");
        std::vector<std::string> option_names;
        opts->getNames(option_names);
        static const std::set<std::string> known_options{"include_without_portal_access", "include_non_custodial",
                                                         "include_advisors", "split_households"};
        for (const auto &n : option_names)
            if (!known_options.count(n)) throw event_spec_error("options." + n, "is not an event option");
        e.options.include_without_portal_access =
            option(*opts, "include_without_portal_access", e.options.include_without_portal_access);
        e.options.include_non_custodial = option(*opts, "include_non_custodial", e.options.include_non_custodial);
        e.options.include_advisors = option(*opts, "include_advisors", e.options.include_advisors);
        e.options.split_households = option(*opts, "split_households", e.options.split_households);
    }
    e.dry_run = boolean(*o, "dry_run", "dry_run", false);
    e.full_import = boolean(*o, "full_import", "full_import", false);
    if (previous.is_object())
        e.previous = std::make_shared<const ResultDigest>(previous.take());
    else if (!previous.is_null() && previous_given)
        throw event_spec_error("previous", "must be the object a previous import returned");
    e.safeguards = parse_safeguard_settings(*o);
    return e;
}

ResultDigest read_event_previous(const std::string &json, ResultParts parts, const std::function<bool()> &stop) {
    ResultReader previous(parts);
    SkipValue skip;
    Poco::SharedPtr<MemberRouter> event(new MemberRouter([&](const std::string &name) -> Poco::JSON::Handler * {
        return name == "previous" ? &previous.handler() : &skip;
    }));
    parse_or_stop(json, event, stop);
    return previous.is_object() ? previous.take() : ResultDigest{};
}

} // namespace veracross

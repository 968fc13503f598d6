#include "roster/delta_cursor.hpp"

#include "roster/record_tables.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_map>

namespace veracross {
namespace {

constexpr int kCursorVersion = 1;
// Veracross's clock and ours may disagree by a little; asking for a few
// minutes more than needed only re-reads records we already have.
constexpr auto kClockMargin = std::chrono::minutes(10);

std::string utc_text(std::chrono::system_clock::time_point t) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(seconds)),
                                           "%Y-%m-%dT%H:%M:%SZ");
}

bool is_utc_text(const std::string &s) {
    static const std::string shape = "dddd-dd-ddTdd:dd:ddZ";
    if (s.size() != shape.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != shape[i]) return false;
    return true;
}

// Calls f(collection name, member) for each collection a cursor carries.
template <class Data, class F> void each_collection(Data &data, F &&f) {
    f("students", data.students);
    f("relationships", data.relationships);
    f("grading_periods", data.grading_periods);
    f("classes", data.classes);
    f("enrollments", data.enrollments);
}

// Per collection, its records and unreadable records: what its pages held.
std::map<std::string, std::uint64_t> record_counts(const SchoolData &data) {
    std::map<std::string, std::uint64_t> counts{
        {"staff_faculty", data.staff.size()}, {"parents", data.parents.size()}};
    each_collection(data, [&](const char *name, const auto &records) { counts[name] = records.size(); });
    // The optional scopes' collections too, when read: a repeat import then
    // knows every page it needs before the first answer.
    if (data.permissions_read) counts["permissions"] = data.permissions.size();
    if (data.class_schedules_read) counts["class_schedules"] = data.class_schedules.size();
    for (const auto &u : data.unreadable) ++counts[u.resource];
    return counts;
}

bool carried(const std::string &resource) {
    static const std::set<std::string> names{"students", "relationships", "grading_periods", "classes",
                                             "enrollments"};
    return names.count(resource) > 0;
}

void write_unreadable(JsonWriter &out, const std::vector<UnreadableRecord> &records) {
    out.begin_array();
    for (const auto &r : records) {
        if (!carried(r.resource)) continue;
        out.begin_array().value(r.resource).value(r.id).value(r.problem).end_array();
    }
    out.end_array();
}

std::vector<UnreadableRecord> unreadable_from_json(const Poco::JSON::Array &rows) {
    std::vector<UnreadableRecord> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto row = rows.getArray(static_cast<unsigned>(i));
        if (!row || row->size() != 3) throw BadTable("unreadable record " + std::to_string(i + 1) + " is malformed");
        out.push_back({row->get(0).toString(), row->get(1).toString(), row->get(2).toString()});
    }
    return out;
}

// Lays `changed` over `base` by id; the result is in id order, as Veracross
// pages it, so a delta's roster is built from the same sequence as a full one.
template <class Record>
std::vector<Record> overlay(std::vector<Record> base, std::vector<Record> &changed, const std::set<Id> &now_unreadable) {
    std::unordered_map<Id, std::size_t> at;
    at.reserve(base.size());
    for (std::size_t i = 0; i < base.size(); ++i) at[base[i].id] = i;
    std::vector<bool> gone(base.size(), false);
    for (Id id : now_unreadable) {
        auto it = at.find(id);
        if (it != at.end()) gone[it->second] = true;
    }
    for (auto &record : changed) {
        auto it = at.find(record.id);
        if (it == at.end()) {
            at[record.id] = base.size();
            base.push_back(std::move(record));
            gone.push_back(false);
        } else {
            base[it->second] = std::move(record);
            gone[it->second] = false;
        }
    }
    std::vector<Record> out;
    out.reserve(base.size());
    for (std::size_t i = 0; i < base.size(); ++i)
        if (!gone[i]) out.push_back(std::move(base[i]));
    std::sort(out.begin(), out.end(), [](const Record &a, const Record &b) { return a.id < b.id; });
    return out;
}

} // namespace

void write_cursor(JsonWriter &out, const std::string &school_route,
                  std::chrono::system_clock::time_point fetch_began, const SchoolData &data, long rate_limit) {
    out.begin_object();
    out.key("version").value(kCursorVersion);
    out.key("school_route").value(school_route);
    out.key("since").value(utc_text(fetch_began - kClockMargin));
    out.key("records").begin_object();
    each_collection(data, [&](const char *name, const auto &records) { write_table(out.key(name), records); });
    out.end_object();
    write_unreadable(out.key("unreadable"), data.unreadable);
    out.key("counts").begin_object();
    for (const auto &count : record_counts(data)) out.key(count.first).value(count.second);
    out.end_object();
    if (rate_limit > 0) out.key("rate_limit").value(static_cast<Poco::Int64>(rate_limit));
    out.end_object();
}

std::size_t cursor_text_estimate(const SchoolData &data) {
    // A row of the table form, measured on generated schools: a student 125
    // bytes, a class 125, a relationship 85, an enrollment 52.
    return 4096 + 140 * (data.students.size() + data.classes.size() + data.grading_periods.size()) +
           100 * data.relationships.size() + 64 * data.enrollments.size() + 200 * data.unreadable.size();
}

long previous_rate_limit(const ResultDigest &previous) {
    const auto &cursor = previous.cursor;
    if (!cursor || !cursor->has("rate_limit")) return 0;
    const Poco::Dynamic::Var limit = cursor->get("rate_limit");
    if (!limit.isInteger()) return 0;
    const auto n = limit.convert<Poco::Int64>();
    return n > 0 && n <= std::numeric_limits<long>::max() ? static_cast<long>(n) : 0;
}

std::map<std::string, std::uint64_t> previous_record_counts(const ResultDigest &previous) {
    std::map<std::string, std::uint64_t> counts;
    const auto &cursor = previous.cursor;
    const auto written = cursor ? cursor->getObject("counts") : nullptr;
    if (!written) return counts;
    for (const auto &member : *written) {
        if (!member.second.isInteger()) return {};
        const auto n = member.second.convert<long long>();
        if (n < 0) return {};
        counts[member.first] = static_cast<std::uint64_t>(n);
    }
    return counts;
}

std::optional<DeltaBase> read_delta_base(const ResultDigest &previous, const std::string &school_route,
                                         std::string &why_not) {
    why_not.clear();
    if (!previous.has_cursor) return std::nullopt;
    const auto &cursor = previous.cursor;
    try {
        if (!cursor) throw BadTable("it is not an object");
        if (!cursor->has("version") || cursor->get("version").toString() != std::to_string(kCursorVersion))
            throw BadTable("it was written by another version of the plugin");
        if (cursor->optValue<std::string>("school_route", "") != school_route)
            throw BadTable("it is from another school");
        DeltaBase base;
        base.since = cursor->optValue<std::string>("since", "");
        if (!is_utc_text(base.since)) throw BadTable("its time is not YYYY-MM-DDTHH:MM:SSZ");
        const auto tables = cursor_records(previous);
        const auto unreadable = cursor->getArray("unreadable");
        if (!tables || !unreadable) throw BadTable("its records are missing");
        each_collection(base.records, [&](const char *name, auto &records) {
            using Record = typename std::decay_t<decltype(records)>::value_type;
            const auto table = tables->getObject(name);
            if (!table) throw BadTable(std::string("its ") + name + " are missing");
            try {
                records = records_from_table<Record>(*table);
            } catch (const BadTable &e) {
                throw BadTable(std::string(name) + ": " + e.what());
            }
        });
        base.records.unreadable = unreadable_from_json(*unreadable);
        return base;
    } catch (const BadTable &e) {
        why_not = std::string("the previous result's cursor cannot be used (") + e.what() + ")";
    } catch (const Poco::Exception &) {
        why_not = "the previous result's cursor cannot be used (a value has the wrong type)";
    }
    return std::nullopt;
}

void apply_changes(SchoolData &fetched, DeltaBase base) {
    // Ids whose latest version could not be read, per collection.
    std::map<std::string, std::set<Id>> now_unreadable;
    std::set<std::pair<std::string, std::string>> refetched;
    for (const auto &u : fetched.unreadable) {
        refetched.insert({u.resource, u.id});
        try {
            now_unreadable[u.resource].insert(std::stoll(u.id));
        } catch (const std::exception &) {
        }
    }
    each_collection(fetched, [&](const char *name, auto &changed) {
        for (const auto &record : changed) refetched.insert({name, std::to_string(record.id)});
    });

    SchoolData &b = base.records;
    fetched.students = overlay(std::move(b.students), fetched.students, now_unreadable["students"]);
    fetched.relationships = overlay(std::move(b.relationships), fetched.relationships, now_unreadable["relationships"]);
    fetched.grading_periods =
        overlay(std::move(b.grading_periods), fetched.grading_periods, now_unreadable["grading_periods"]);
    fetched.classes = overlay(std::move(b.classes), fetched.classes, now_unreadable["classes"]);
    fetched.enrollments = overlay(std::move(b.enrollments), fetched.enrollments, now_unreadable["enrollments"]);
    // A record unreadable last time and not fetched again is still unreadable.
    for (auto &u : b.unreadable)
        if (!refetched.count({u.resource, u.id})) fetched.unreadable.push_back(std::move(u));
}

Poco::JSON::Object::Ptr changed_counts(const SchoolData &fetched) {
    Poco::JSON::Object::Ptr counts = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    each_collection(fetched, [&](const char *name, const auto &records) { counts->set(name, records.size()); });
    return counts;
}

} // namespace veracross

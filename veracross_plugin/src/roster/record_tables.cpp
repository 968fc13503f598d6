#include "roster/record_tables.hpp"

#include <Poco/JSON/Array.h>

#include <type_traits>

namespace veracross {
namespace {

// Calls f(column name, field) for every field of a record the importer keeps.
// One list per record type, shared by writing and reading.
template <class R, class F> void each_field(R &r, F &&f) {
    using T = std::remove_const_t<R>;
    if constexpr (std::is_same_v<T, StudentRecord>) {
        f("id", r.id), f("first", r.name.first), f("preferred", r.name.preferred), f("last", r.name.last);
        f("email", r.email), f("username", r.username), f("household_id", r.household_id);
        f("grade_level", r.grade_level), f("school_level", r.school_level);
        f("enrollment_status", r.enrollment_status), f("advisor_id", r.advisor_id);
        f("homeroom_teacher_id", r.homeroom_teacher_id), f("last_modified", r.last_modified);
    } else if constexpr (std::is_same_v<T, RelationshipRecord>) {
        f("id", r.id), f("person_id", r.person_id), f("related_person_id", r.related_person_id);
        f("relationship", r.relationship), f("parent_portal_access", r.parent_portal_access);
        f("legal_custody", r.legal_custody), f("resident", r.resident), f("deceased", r.deceased);
        f("custody_status", r.custody_status), f("last_modified", r.last_modified);
    } else if constexpr (std::is_same_v<T, GradingPeriodRecord>) {
        f("id", r.id), f("school_year", r.school_year), f("group_id", r.group_id);
        f("description", r.description), f("abbreviation", r.abbreviation);
        f("group_description", r.group_description), f("start", r.start), f("end", r.end);
        f("last_modified", r.last_modified);
    } else if constexpr (std::is_same_v<T, ClassRecord>) {
        f("id", r.id), f("class_code", r.class_code), f("description", r.description);
        f("course_name", r.course_name), f("course_code", r.course_code), f("course_id", r.course_id);
        f("school_level", r.school_level), f("school_year", r.school_year), f("status", r.status);
        f("primary_teacher_id", r.primary_teacher_id), f("begin", r.begin), f("end", r.end);
        f("last_modified", r.last_modified);
    } else if constexpr (std::is_same_v<T, EnrollmentRecord>) {
        f("id", r.id), f("class_id", r.class_id), f("person_id", r.person_id);
        f("late_date_enrolled", r.late_date_enrolled), f("date_withdrawn", r.date_withdrawn);
        f("last_modified", r.last_modified);
    } else {
        static_assert(!std::is_same_v<T, T>, "no table layout for this record type");
    }
}

template <class Record> std::vector<std::string> columns() {
    std::vector<std::string> names;
    Record sample;
    each_field(sample, [&](const char *name, auto &) { names.emplace_back(name); });
    return names;
}

void read_value(const Poco::Dynamic::Var &v, Id &out) {
    if (!v.isInteger()) throw BadTable("a number was expected");
    out = v.convert<Id>();
}
void read_value(const Poco::Dynamic::Var &v, std::string &out) {
    if (!v.isString()) throw BadTable("text was expected");
    out = v.extract<std::string>();
}
void read_value(const Poco::Dynamic::Var &v, bool &out) {
    if (!v.isBoolean()) throw BadTable("true or false was expected");
    out = v.extract<bool>();
}

} // namespace

template <class Record> void write_table(JsonWriter &out, const std::vector<Record> &records) {
    out.begin_object();
    out.key("columns").begin_array();
    for (const auto &name : columns<Record>()) out.value(name);
    out.end_array();
    out.key("rows").begin_array();
    for (const Record &record : records) {
        out.begin_array();
        each_field(record, [&](const char *, const auto &value) { out.value(value); });
        out.end_array();
    }
    out.end_array();
    out.end_object();
}

template <class Record> std::vector<Record> records_from_table(const Poco::JSON::Object &table) {
    const auto names = table.getArray("columns");
    const auto rows = table.getArray("rows");
    if (!names || !rows) throw BadTable("columns and rows are missing");
    const auto expected = columns<Record>();
    if (names->size() != expected.size()) throw BadTable("its columns are not this version's");
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (names->get(static_cast<unsigned>(i)).toString() != expected[i])
            throw BadTable("its columns are not this version's");

    std::vector<Record> records(rows->size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
        const auto row = rows->getArray(static_cast<unsigned>(i));
        if (!row || row->size() != expected.size())
            throw BadTable("row " + std::to_string(i + 1) + " does not have " + std::to_string(expected.size()) +
                           " values");
        unsigned column = 0;
        try {
            each_field(records[i], [&](const char *, auto &field) { read_value(row->get(column++), field); });
        } catch (const BadTable &e) {
            throw BadTable("row " + std::to_string(i + 1) + ", " + expected[column - 1] + ": " + e.what());
        }
    }
    return records;
}

#define VERACROSS_RECORD_TABLE(Record)                                                                        \
    template void write_table(JsonWriter &, const std::vector<Record> &);                                     \
    template std::vector<Record> records_from_table(const Poco::JSON::Object &);
VERACROSS_RECORD_TABLE(StudentRecord)
VERACROSS_RECORD_TABLE(RelationshipRecord)
VERACROSS_RECORD_TABLE(GradingPeriodRecord)
VERACROSS_RECORD_TABLE(ClassRecord)
VERACROSS_RECORD_TABLE(EnrollmentRecord)
#undef VERACROSS_RECORD_TABLE

} // namespace veracross

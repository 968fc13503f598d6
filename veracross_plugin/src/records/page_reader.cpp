#include "records/page_reader.hpp"

#include "records/record_fields.hpp"
#include "records/record_parsers.hpp"

#include <Poco/JSON/Handler.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <exception>
#include <limits>
#include <utility>

namespace veracross {
namespace {

using Kind = RecordFields::Kind;
using Field = RecordFields::Field;

// Parses one record's fields into its struct at the end of the page's records.
using AppendRecord = void (*)(const RecordFields &, SchoolData &);

template <class Record, Record (*parse)(const RecordFields &), std::vector<Record> SchoolData::*records>
void append(const RecordFields &fields, SchoolData &data) {
    (data.*records).push_back(parse(fields));
}

AppendRecord append_for(const ImportResource &resource) {
    const std::string &name = resource.name;
    if (name == "staff_faculty") return append<StaffRecord, parse_staff, &SchoolData::staff>;
    if (name == "parents") return append<ParentRecord, parse_parent, &SchoolData::parents>;
    if (name == "students") return append<StudentRecord, parse_student, &SchoolData::students>;
    if (name == "relationships") return append<RelationshipRecord, parse_relationship, &SchoolData::relationships>;
    if (name == "grading_periods")
        return append<GradingPeriodRecord, parse_grading_period, &SchoolData::grading_periods>;
    if (name == "classes") return append<ClassRecord, parse_class, &SchoolData::classes>;
    if (name == "enrollments") return append<EnrollmentRecord, parse_enrollment, &SchoolData::enrollments>;
    if (name == "permissions") return append<PermissionRecord, parse_permission, &SchoolData::permissions>;
    if (name == "class_schedules")
        return append<ClassScheduleRecord, parse_class_schedule, &SchoolData::class_schedules>;
    return nullptr; // not an import collection: records are counted only
}

// Thrown from the handler to stop the parse: the body is no JSON object.
struct NotAnObject : std::exception {};

// Where the parser is, in containers open: the page object is depth 1,
// its "data" array 2, a record 3, an object or array in a record 4.
constexpr int kInPage = 1, kInData = 2, kInRecord = 3, kInNested = 4;

// The parser's events for one page. Records are read into a reused
// RecordFields and parsed as each ends; "value_lists" is passed on to a
// ParseHandler (a small tree, as ValueLists reads it); everything else is
// skipped. As in a Poco object, the last of duplicate keys wins.
class PageHandler : public Poco::JSON::Handler {
public:
    PageHandler(const ImportResource &resource, PageRecords &page)
        : resource_(resource), append_(append_for(resource)), page_(page) {}

    bool read_an_object() const { return is_object_; }
    bool has_data_array() const { return data_is_array_; }
    const Poco::JSON::Array::Ptr &value_lists() const { return value_lists_; }

    void reset() override {}
    void startObject() override { open(true); }
    void startArray() override { open(false); }
    void endObject() override { close(true); }
    void endArray() override { close(false); }

    void key(const std::string &k) override {
        if (forwarding_) return lists_.key(k);
        if (depth_ == kInPage)
            member_ = k == "data" ? Member::data : k == "value_lists" ? Member::value_lists : Member::other;
        else if (depth_ == kInRecord && record_open_)
            pending_ = &fields_.add(RecordFields::kTopLevel, k);
        else if (depth_ == kInNested && nested_ != RecordFields::kNone)
            pending_ = &fields_.add(nested_, k);
    }

    void null() override {
        if (forwarding_) return lists_.null();
        if (Field *f = scalar_field()) f->kind = Kind::null;
    }
    void value(const std::string &s) override {
        if (forwarding_) return lists_.value(s);
        if (Field *f = scalar_field()) {
            f->kind = Kind::text;
            f->text.assign(s); // reuses the field's memory
        }
    }
    void value(int v) override {
        if (forwarding_) return lists_.value(v);
        integer(v);
    }
    void value(unsigned v) override {
        if (forwarding_) return lists_.value(v);
        integer(v);
    }
    void value(Poco::Int64 v) override {
        if (forwarding_) return lists_.value(v);
        integer(v);
    }
    void value(Poco::UInt64 v) override {
        if (forwarding_) return lists_.value(v);
        if (v <= static_cast<Poco::UInt64>(std::numeric_limits<Poco::Int64>::max())) return integer(static_cast<Poco::Int64>(v));
        if (Field *f = scalar_field()) {
            f->kind = Kind::big_unsigned;
            f->text = std::to_string(v);
        }
    }
    void value(double d) override {
        if (forwarding_) return lists_.value(d);
        if (Field *f = scalar_field()) {
            f->kind = Kind::real;
            f->real = d;
        }
    }
    void value(bool b) override {
        if (forwarding_) return lists_.value(b);
        if (Field *f = scalar_field()) {
            f->kind = Kind::boolean;
            f->integer = b ? 1 : 0;
        }
    }

private:
    enum class Member { other, data, value_lists };

    bool in_data_array() const { return member_ == Member::data && data_is_array_; }

    void integer(Poco::Int64 v) {
        if (Field *f = scalar_field()) {
            f->kind = Kind::integer;
            f->integer = v;
        }
    }

    // The field a scalar is the value of, or nullptr when it is not kept
    // (after noting what it means where it is).
    Field *scalar_field() {
        switch (depth_) {
        case 0: throw NotAnObject();
        case kInPage:
            if (member_ == Member::data) data_is_array_ = false;
            if (member_ == Member::value_lists) value_lists_ = nullptr;
            return nullptr;
        case kInData:
            if (in_data_array()) not_an_object_record();
            return nullptr;
        default: return std::exchange(pending_, nullptr);
        }
    }

    void open(bool object) {
        const int depth = depth_++;
        if (forwarding_) return object ? lists_.startObject() : lists_.startArray();
        switch (depth) {
        case 0:
            if (!object) throw NotAnObject();
            is_object_ = true;
            return;
        case kInPage:
            if (member_ == Member::data) {
                data_is_array_ = !object;
                if (data_is_array_) page_ = PageRecords{}; // a repeated "data": the last one counts
            } else if (member_ == Member::value_lists) {
                forwarding_ = true;
                lists_.reset();
                object ? lists_.startObject() : lists_.startArray();
            }
            return;
        case kInData:
            if (!in_data_array()) return;
            if (!object) return not_an_object_record();
            fields_.clear();
            record_open_ = true;
            return;
        default:
            if (Field *f = std::exchange(pending_, nullptr)) {
                f->kind = object ? Kind::object : Kind::array;
                if (object && depth == kInRecord) nested_ = fields_.size() - 1;
            }
        }
    }

    void close(bool object) {
        const int depth = --depth_;
        if (forwarding_) {
            object ? lists_.endObject() : lists_.endArray();
            if (depth == kInPage) {
                forwarding_ = false;
                const Poco::Dynamic::Var lists = lists_.asVar();
                value_lists_ = lists.type() == typeid(Poco::JSON::Array::Ptr) ? lists.extract<Poco::JSON::Array::Ptr>()
                                                                               : nullptr;
            }
            return;
        }
        if (depth == kInData && record_open_) end_record();
        else if (depth == kInRecord) nested_ = RecordFields::kNone;
    }

    void end_record() {
        record_open_ = false;
        ++page_.records;
        if (!append_) return;
        try {
            append_(fields_, page_.data);
        } catch (const BadRecord &e) {
            page_.data.unreadable.push_back({resource_.name, record_id_text(fields_), e.what()});
        }
    }

    void not_an_object_record() {
        ++page_.records;
        page_.data.unreadable.push_back({resource_.name, "?", "is not a JSON object"});
    }

    const ImportResource &resource_;
    const AppendRecord append_;
    PageRecords &page_;

    int depth_ = 0;
    bool is_object_ = false;        // the body is a JSON object (not an empty text)
    Member member_ = Member::other; // the page member being read
    bool data_is_array_ = false;    // the last "data" seen is an array
    bool record_open_ = false;      // inside an object of "data"
    RecordFields fields_;           // the open record's, reused
    Field *pending_ = nullptr;      // the field whose key was just read, awaiting its value
    int nested_ = RecordFields::kNone; // the object field being read in the open record
    bool forwarding_ = false;       // inside "value_lists": events go to lists_
    Poco::JSON::ParseHandler lists_;
    Poco::JSON::Array::Ptr value_lists_;
};

} // namespace

PageShape read_page_text(const ImportResource &resource, const std::string &body, PageRecords &page) {
    auto *reader = new PageHandler(resource, page);
    const Poco::JSON::Handler::Ptr owner(reader);
    try {
        Poco::JSON::Parser(owner).parse(body); // Poco's default depth limit (128) stays
    } catch (const Poco::Exception &) { // invalid, truncated or too deep
        return PageShape::not_json_object;
    } catch (const NotAnObject &) {
        return PageShape::not_json_object;
    } // anything else (out of memory) is no reason to ask Veracross again: it propagates
    if (!reader->read_an_object()) return PageShape::not_json_object;
    if (!reader->has_data_array()) return PageShape::no_data_array;
    if (reader->value_lists()) page.data.value_lists.add(*reader->value_lists());
    return PageShape::page;
}

PluginError not_a_page_error(const ImportResource &resource) {
    return PluginError(Status::remote_error, "unexpected_body",
                       "Veracross answered " + resource.path + " with something that is not a page of records");
}

std::size_t read_page(SchoolData &data, const ImportResource &resource, const std::string &body) {
    PageRecords page;
    switch (read_page_text(resource, body, page)) {
    case PageShape::not_json_object:
        throw PluginError(Status::remote_error, "unexpected_body",
                          "Veracross answered " + resource.path + " with something that is not a JSON object");
    case PageShape::no_data_array: throw not_a_page_error(resource);
    case PageShape::page: break;
    }
    append_records(data, page.data);
    return page.records;
}

namespace {

template <class T> void move_onto(std::vector<T> &to, std::vector<T> &from) {
    if (to.empty()) {
        to = std::move(from);
        return;
    }
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

} // namespace

void append_records(SchoolData &into, SchoolData &page) {
    move_onto(into.staff, page.staff);
    move_onto(into.parents, page.parents);
    move_onto(into.students, page.students);
    move_onto(into.relationships, page.relationships);
    move_onto(into.grading_periods, page.grading_periods);
    move_onto(into.classes, page.classes);
    move_onto(into.enrollments, page.enrollments);
    move_onto(into.permissions, page.permissions);
    move_onto(into.class_schedules, page.class_schedules);
    move_onto(into.unreadable, page.unreadable);
    into.value_lists.merge(page.value_lists);
}

} // namespace veracross

#include "roster/result_digest.hpp"

#include "common/json_routing.hpp"
#include "common/plugin_error.hpp"
#include "roster/json_writer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <stdexcept>

namespace veracross {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// A value as text with object keys sorted: a result read back from a file
// may keep its keys in another order than a freshly made one.
std::string text_of(const Poco::Dynamic::Var &v) {
    if (v.isEmpty()) return "null";
    if (v.type() == typeid(Object::Ptr)) {
        const auto obj = v.extract<Object::Ptr>();
        std::vector<std::string> names;
        obj->getNames(names);
        std::sort(names.begin(), names.end());
        std::string out = "{";
        for (const auto &n : names) out += n + ":" + text_of(obj->get(n)) + ",";
        return out + "}";
    }
    if (v.type() == typeid(Array::Ptr)) {
        const auto arr = v.extract<Array::Ptr>();
        std::string out = "[";
        for (std::size_t i = 0; i < arr->size(); ++i) out += text_of(arr->get(static_cast<unsigned>(i))) + ",";
        return out + "]";
    }
    return v.convert<std::string>();
}

using Members = std::vector<FlatObjectStream::Member>;

// A member's value as text; "" when it is missing or null.
std::string member(const Members &item, const char *name) {
    for (const auto &m : item)
        if (m.name == name) return m.value.isEmpty() ? std::string() : m.value.convert<std::string>();
    return {};
}

std::string member(const Object &o, const std::string &name) {
    return o.has(name) && !o.isNull(name) ? o.get(name).convert<std::string>() : std::string();
}

// The hash of text_of(v), without the copy for the commonest value, text.
std::size_t value_hash(const Poco::Dynamic::Var &v) {
    if (v.type() == typeid(std::string)) return std::hash<std::string>{}(v.extract<std::string>());
    return std::hash<std::string>{}(text_of(v));
}

ItemDigest digest_of(const Members &item, const DiffedList &list, std::set<std::string> &interned) {
    ItemDigest d;
    for (const char *field : list.key_fields) d.key += (d.key.empty() ? "" : "/") + member(item, field);
    d.fields.reserve(item.size());
    for (const auto &m : item) d.fields.emplace_back(&*interned.insert(m.name).first, value_hash(m.value));
    return d;
}

// Key order; of two items with one key, the later one stays.
void settle(ListDigest &items) {
    std::stable_sort(items.begin(), items.end(), [](const ItemDigest &a, const ItemDigest &b) { return a.key < b.key; });
    ListDigest out;
    out.reserve(items.size());
    for (auto &item : items) {
        if (!out.empty() && out.back().key == item.key)
            out.back() = std::move(item);
        else
            out.push_back(std::move(item));
    }
    items = std::move(out);
}

} // namespace

const std::vector<DiffedList> &diffed_lists() {
    static const std::vector<DiffedList> lists{
        {"people", {"id"}}, {"links", {"parent_id", "student_id"}}, {"classes", {"id"}}, {"enrollments", {"id"}}};
    return lists;
}

struct ResultReader::Parts {
    // Writes the events it is given as JSON text: the cursor's records, kept as
    // text until a delta import reads them. (Poco's PrintHandler writes true
    // and false as 1 and 0.)
    class TextCopy : public Poco::JSON::Handler {
    public:
        void reset() override { out_ = JsonWriter(); }
        void startObject() override { out_.begin_object(); }
        void endObject() override { out_.end_object(); }
        void startArray() override { out_.begin_array(); }
        void endArray() override { out_.end_array(); }
        void key(const std::string &k) override { out_.key(k); }
        void null() override { out_.null(); }
        void value(int v) override { out_.value(v); }
        void value(unsigned v) override { out_.value(v); }
        void value(Poco::Int64 v) override { out_.value(v); }
        void value(Poco::UInt64 v) override { out_.value(v); }
        void value(const std::string &v) override { out_.value(std::string_view(v)); }
        void value(double v) override { out_.value(v); }
        void value(bool v) override { out_.value(v); }
        std::string take() { return out_.take(); }

    private:
        JsonWriter out_;
    };

    const bool lists, people_and_pairs, cursor_read; // what ResultParts asks for
    ResultDigest digest;
    std::deque<FlatObjectStream> list_streams; // one per diffed list, in diffed_lists() order
    FlatObjectStream conference{[this](const Members &entry) {
        const std::string parent = member(entry, "parent_id");
        for (const auto &m : entry) {
            if (m.name != "teachers" || m.value.type() != typeid(Poco::JSON::Array::Ptr)) continue;
            const auto teachers = m.value.extract<Poco::JSON::Array::Ptr>();
            for (std::size_t i = 0; i < teachers->size(); ++i)
                if (const auto t = teachers->getObject(static_cast<unsigned>(i)))
                    digest.bookable_pairs.insert({parent, member(*t, "teacher_id")});
        }
    }};
    TextCopy records;
    MemberRouter cursor{[this](const std::string &name) -> Poco::JSON::Handler * {
        if (name != "records") return nullptr;
        records.reset(); // a second "records": the last counts
        return &records;
    }};
    SkipValue skip;
    // Shared: Poco's parser holds its handler by a Poco::SharedPtr.
    Poco::SharedPtr<MemberRouter> top{new MemberRouter([this](const std::string &name) { return route(name); })};

    explicit Parts(ResultParts parts)
        : lists(parts != ResultParts::cursor_and_heading),
          people_and_pairs(parts == ResultParts::all || parts == ResultParts::all_but_cursor),
          cursor_read(parts == ResultParts::all || parts == ResultParts::cursor_and_heading) {
        for (const auto &list : diffed_lists())
            list_streams.emplace_back([this, &list](const Members &item) {
                digest.lists[list.name].push_back(digest_of(item, list, digest.field_names));
                if (people_and_pairs && std::string(list.name) == "people")
                    digest.people.emplace(member(item, "id"), PersonLine{member(item, "kind"), member(item, "display_name")});
            });
    }

    // Who reads a top-level member; nullptr: it is kept in the heading. A
    // member that comes twice starts again (the last counts, as in a tree).
    Poco::JSON::Handler *route(const std::string &name) {
        const auto &diffed = diffed_lists();
        for (std::size_t i = 0; i < diffed.size(); ++i) {
            if (name != diffed[i].name) continue;
            if (!lists) return &skip;
            digest.lists[name].clear();
            if (name == "people") digest.people.clear();
            return &list_streams[i];
        }
        if (name == "households" || (name == "conference" && !people_and_pairs) || (name == "cursor" && !cursor_read))
            return &skip;
        if (name == "conference") {
            digest.bookable_pairs.clear();
            return &conference;
        }
        if (name == "cursor") {
            digest.has_cursor = true;
            records.reset();
            return &cursor;
        }
        return nullptr;
    }
};

ResultReader::ResultReader(ResultParts parts) : parts_(std::make_unique<Parts>(parts)) {}
ResultReader::~ResultReader() = default;

Poco::JSON::Handler &ResultReader::handler() { return *parts_->top; }
bool ResultReader::is_object() const { return parts_->top->is_object(); }
bool ResultReader::is_null() const { return parts_->top->is_null(); }

ResultDigest ResultReader::take() {
    ResultDigest out = std::move(parts_->digest);
    if (!parts_->top->is_object()) return ResultDigest{};
    out.heading = parts_->top->kept();
    for (auto &list : out.lists) settle(list.second);
    if (out.has_cursor) {
        out.cursor = parts_->cursor.kept();
        out.cursor_records = parts_->records.take();
    }
    return out;
}

ResultDigest read_result(const std::string &json, ResultParts parts, const std::function<bool()> &stop) {
    ResultReader reader(parts);
    parse_or_stop(json, reader.parts_->top, stop);
    if (!reader.is_object()) throw std::invalid_argument("not a JSON object");
    return reader.take();
}

Poco::JSON::Object::Ptr cursor_records(const ResultDigest &result) {
    if (result.cursor_records.empty()) return nullptr;
    try {
        return Poco::JSON::Parser().parse(result.cursor_records).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception &) {
        return nullptr;
    }
}

} // namespace veracross

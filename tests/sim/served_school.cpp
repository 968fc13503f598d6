#include "served_school.hpp"

#include "record_filter.hpp"

#include <algorithm>
#include <sstream>

namespace vcsim {

namespace {

std::int64_t record_id(const Poco::JSON::Object &record) {
    return record.has("id") ? record.getValue<std::int64_t>("id") : 0;
}

} // namespace

ResourceIndex::ResourceIndex(const Resource &source) : resource(source) {
    std::vector<std::pair<std::int64_t, const Poco::JSON::Object *>> by_id;
    for (const auto &record : resource.records)
        if (record) by_id.emplace_back(record_id(*record), record.get());
    std::stable_sort(by_id.begin(), by_id.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[id, record] : by_id) {
        row_of_id.emplace(id, rows.size());
        ids.push_back(id);
        rows.push_back(record);
    }
    render_rows();
    value_lists_text = resource.value_lists ? json_text(*resource.value_lists) : "[]";
    read_value_lists_text = resource.read_value_lists ? json_text(*resource.read_value_lists) : value_lists_text;
}

// Rendered here, once per data change, so that a list page costs no
// stringify (Poco's takes ~20 us a record: most of a page's time before).
void ResourceIndex::render_rows() {
    std::ostringstream text;
    for (const Poco::JSON::Object *record : rows) {
        row_starts_.push_back(static_cast<std::size_t>(text.tellp()));
        record->stringify(text);
    }
    row_starts_.push_back(static_cast<std::size_t>(text.tellp()));
    rows_text_ = text.str();
}

const FieldColumn &ResourceIndex::column(const std::string &field) const {
    std::lock_guard lock(columns_mutex_);
    auto found = columns_.find(field);
    if (found != columns_.end()) return found->second;
    FieldColumn column;
    const std::string unlisted_prefix = "unlisted:";
    const bool unlisted = field.compare(0, unlisted_prefix.size(), unlisted_prefix) == 0;
    static const std::map<std::int64_t, std::string> none;
    auto values = unlisted ? resource.unlisted.find(field.substr(unlisted_prefix.size())) : resource.unlisted.end();
    const auto &unlisted_values = values != resource.unlisted.end() ? values->second : none;
    for (std::size_t row = 0; row < rows.size(); ++row) {
        const Poco::JSON::Object *record = rows[row];
        if (unlisted) {
            auto value = unlisted_values.find(ids[row]);
            column.text.push_back(value != unlisted_values.end() ? std::optional<std::string>(value->second)
                                                                 : std::nullopt);
        } else {
            column.text.push_back(field_text(*record, field));
        }
        column.instant.push_back(column.text.back() ? parse_instant(*column.text.back()) : std::nullopt);
    }
    return columns_.emplace(field, std::move(column)).first->second; // map nodes never move
}

const OAuthApp *find_app(const School &school, const std::string &client_id) {
    for (const auto &app : school.apps)
        if (app.client_id == client_id) return &app;
    return nullptr;
}

const LoginUser *find_user(const School &school, const std::string &name) {
    for (const auto &user : school.users)
        if (user.sub == name) return &user;
    for (const auto &user : school.users)
        if (user.preferred_username == name) return &user;
    return nullptr;
}

std::optional<std::string> field_text(const Poco::JSON::Object &record, const std::string &field) {
    const Poco::JSON::Object *object = &record;
    Poco::JSON::Object::Ptr nested;
    std::size_t start = 0;
    for (std::size_t dot; (dot = field.find('.', start)) != std::string::npos; start = dot + 1) {
        nested = object->getObject(field.substr(start, dot - start));
        if (!nested) return std::nullopt;
        object = nested.get();
    }
    const Poco::Dynamic::Var value = object->get(field.substr(start));
    if (value.isEmpty()) return std::nullopt;
    if (value.isBoolean()) return value.extract<bool>() ? "true" : "false";
    if (value.isString() || value.isNumeric()) return value.convert<std::string>();
    return std::nullopt; // objects and arrays are not filterable
}

std::string json_text(const Poco::JSON::Object &object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::string json_text(const Poco::JSON::Array &array) {
    std::ostringstream out;
    array.stringify(out);
    return out.str();
}

ServedSchool::ServedSchool(School school) : school_(std::move(school)) { build_indexes(); }

void ServedSchool::mutate(const std::function<void(School &)> &fn, bool reindex) {
    std::unique_lock lock(mutex_);
    fn(school_);
    if (reindex) build_indexes();
}

void ServedSchool::build_indexes() {
    indexes_.clear();
    for (const auto &[path, resource] : school_.resources) indexes_.try_emplace(path, resource);
}

} // namespace vcsim

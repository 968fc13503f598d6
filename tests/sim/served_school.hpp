// A school as the simulator serves it: the School from tests/school plus an
// index per resource (records by id, in id order, each with its JSON text
// rendered once), so that a page of a 20,000-student list is the texts of a
// slice joined together. One read/write lock per school.
#pragma once

#include "school/school.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vcsim {

// The values of one record field for every record, in index order.
struct FieldColumn {
    std::vector<std::optional<std::string>> text;     // for equality; nullopt = null or missing
    std::vector<std::optional<std::int64_t>> instant; // as a date (microseconds since epoch), if it is one
};

class ResourceIndex {
  public:
    explicit ResourceIndex(const Resource &resource);

    const Resource &resource;
    std::vector<const Poco::JSON::Object *> rows; // list-shape records by id ascending
    std::vector<std::int64_t> ids;                // same order
    std::unordered_map<std::int64_t, std::size_t> row_of_id;
    std::string value_lists_text;                 // the resource's value lists as JSON; "[]" if none
    std::string read_value_lists_text;            // the read shape's

    // A row's record as stringify() writes it, rendered when the index is built.
    std::string_view row_text(std::size_t row) const {
        return std::string_view(rows_text_).substr(row_starts_[row], row_starts_[row + 1] - row_starts_[row]);
    }

    // The column of a (dotted) field, made on first use: most fields are never filtered on.
    const FieldColumn &column(const std::string &field) const;

  private:
    void render_rows();

    // Every row's text, one after another in one buffer (not one string per
    // record: 200,000 small allocations at 20,000 students); row i is
    // [row_starts_[i], row_starts_[i + 1]).
    std::string rows_text_;
    std::vector<std::size_t> row_starts_;

    mutable std::mutex columns_mutex_; // readers share the school's read lock
    mutable std::map<std::string, FieldColumn> columns_;
};

class ServedSchool {
  public:
    explicit ServedSchool(School school);

    // fn(const School &, const std::map<std::string, ResourceIndex> &) under the read lock.
    template <class Fn> auto read(Fn &&fn) const {
        std::shared_lock lock(mutex_);
        return fn(school_, indexes_);
    }
    // fn(School &) under the write lock; reindex rebuilds the data indexes.
    void mutate(const std::function<void(School &)> &fn, bool reindex);

  private:
    void build_indexes();

    mutable std::shared_mutex mutex_;
    School school_;
    std::map<std::string, ResourceIndex> indexes_; // by resource path
};

const OAuthApp *find_app(const School &school, const std::string &client_id);
// The user whose sub or preferred_username is `name`.
const LoginUser *find_user(const School &school, const std::string &name);

// The text of a (dotted) field of a record for equality filters: strings as
// they are, numbers in decimal, booleans as true/false; nullopt for null.
std::optional<std::string> field_text(const Poco::JSON::Object &record, const std::string &field);

// The JSON text stringify() writes (no indent): the bytes the Data API sends.
std::string json_text(const Poco::JSON::Object &object);
std::string json_text(const Poco::JSON::Array &array);

} // namespace vcsim

// The school's own coded values (Veracross "value lists"): which integer
// means "Kindergarten", "Mother" or "Upper School" in this school. Some ids
// depend on the seed, as they differ between real schools.
#pragma once

#include "random.hpp"

#include <Poco/JSON/Array.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vcsim {

struct ValueItem {
    std::int64_t id = 0;
    std::string description;
    int sort_key = 0;
};

class Codes {
public:
    explicit Codes(Rng &rng);

    // The id of a description in a list; throws std::out_of_range if absent.
    std::int64_t id(const std::string &list, const std::string &description) const;
    const std::string &description(const std::string &list, std::int64_t id) const;
    const std::vector<ValueItem> &items(const std::string &list) const;
    // Adds an item with the next free id (for lists the school grows, like homerooms).
    std::int64_t add(const std::string &list, const std::string &description);

private:
    void define(const std::string &list, std::int64_t first_id, const std::vector<std::string> &descriptions);
    std::map<std::string, std::vector<ValueItem>> lists_;
};

// The grade names, youngest first: grade index 0 is Kindergarten, 12 is Grade 12.
const std::vector<std::string> &grade_names();
// "Lower School", "Middle School", "Upper School" by level index 0..2.
const std::vector<std::string> &level_names();
// The level index of a grade index.
int level_of_grade(int grade);

// The value_lists array a resource serves: one entry per list it uses,
// naming the record fields coded with that list (dots for nested fields).
Poco::JSON::Array::Ptr value_lists_of(const std::string &path, const Codes &codes, bool read_shape = false);

} // namespace vcsim

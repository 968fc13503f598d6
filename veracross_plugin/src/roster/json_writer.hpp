// Writes JSON text as it goes, with no tree in between: the roster and the
// delta cursor of a large school are tens of megabytes, and building them as
// Poco JSON trees first cost more time and memory than the whole fetch.
// (Poco's own streaming PrintHandler writes true/false as 1/0, so it cannot
// be used.) The text is what Poco's stringify would write: compact, UTF-8
// kept as it is, control characters escaped.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace veracross {

class JsonWriter {
public:
    JsonWriter &begin_object();
    JsonWriter &end_object();
    JsonWriter &begin_array();
    JsonWriter &end_array();
    JsonWriter &key(std::string_view name);

    JsonWriter &value(std::string_view text);
    JsonWriter &value(const char *text) { return value(std::string_view(text)); }
    JsonWriter &value(bool flag);
    template <class Integer, std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
    JsonWriter &value(Integer number) {
        before_value();
        out_ += std::to_string(number);
        return *this;
    }
    // As Poco writes a double (finite: JSON has no infinity or NaN).
    JsonWriter &value(double number);
    JsonWriter &null();
    // A small object (a diff, the stats), written by Poco's stringifier.
    JsonWriter &tree(const Poco::JSON::Object::Ptr &small);
    // Text, or null when it is empty.
    JsonWriter &text_or_null(const std::string &text) { return text.empty() ? null() : value(text); }

    // Continues the object whose whole text is `object` (written by a
    // JsonWriter or the like): its members stay, more can be added, and
    // end_object() closes it again. The text is taken over, not copied.
    JsonWriter &reopen_object(std::string object);

    // Room for `bytes` of text: a large document then grows without copies.
    void reserve(std::size_t bytes) { out_.reserve(bytes); }

    // The text written so far; the writer is empty afterwards.
    std::string take();

private:
    void before_value();

    std::string out_;
    std::vector<bool> has_members_; // per open object or array: a comma is due before the next member
    bool after_key_ = false;
};

// `text` as a JSON string literal, quotes included, appended to `out`.
void append_json_string(std::string &out, std::string_view text);

} // namespace veracross

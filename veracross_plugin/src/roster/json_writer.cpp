#include "roster/json_writer.hpp"

#include "common/json_text.hpp"

namespace veracross {

void append_json_string(std::string &out, std::string_view text) {
    static const char hex[] = "0123456789ABCDEF";
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += hex[byte >> 4];
                out += hex[byte & 0xF];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!has_members_.empty()) {
        if (has_members_.back()) out_ += ',';
        has_members_.back() = true;
    }
}

JsonWriter &JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    has_members_.push_back(false);
    return *this;
}

JsonWriter &JsonWriter::end_object() {
    out_ += '}';
    has_members_.pop_back();
    return *this;
}

JsonWriter &JsonWriter::begin_array() {
    before_value();
    out_ += '[';
    has_members_.push_back(false);
    return *this;
}

JsonWriter &JsonWriter::end_array() {
    out_ += ']';
    has_members_.pop_back();
    return *this;
}

JsonWriter &JsonWriter::key(std::string_view name) {
    before_value();
    append_json_string(out_, name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter &JsonWriter::value(std::string_view text) {
    before_value();
    append_json_string(out_, text);
    return *this;
}

JsonWriter &JsonWriter::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
    return *this;
}

JsonWriter &JsonWriter::value(double number) {
    before_value();
    out_ += Poco::Dynamic::Var(number).convert<std::string>();
    return *this;
}

JsonWriter &JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

JsonWriter &JsonWriter::tree(const Poco::JSON::Object::Ptr &small) {
    before_value();
    out_ += to_json_text(small);
    return *this;
}

JsonWriter &JsonWriter::reopen_object(std::string object) {
    out_ = std::move(object);
    while (!out_.empty() && out_.back() != '}') out_.pop_back();
    if (!out_.empty()) out_.pop_back();
    const bool empty = !out_.empty() && out_.back() == '{';
    has_members_.assign(1, !empty);
    after_key_ = false;
    return *this;
}

std::string JsonWriter::take() {
    std::string text = std::move(out_);
    out_.clear();
    has_members_.clear();
    after_key_ = false;
    return text;
}

} // namespace veracross

#include "base/yaml_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace sis_cli {

Poco::Dynamic::Var yaml_to_json(const YAML::Node &node, bool keep_text) {
    if (node.IsSequence()) {
        Poco::JSON::Array::Ptr arr = new Poco::JSON::Array;
        for (const auto &item : node) arr->add(yaml_to_json(item));
        return arr;
    }
    if (node.IsMap()) {
        Poco::JSON::Object::Ptr obj = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (const auto &kv : node) obj->set(kv.first.as<std::string>(), yaml_to_json(kv.second));
        return obj;
    }
    if (node.IsNull()) return Poco::Dynamic::Var();
    const std::string &s = node.Scalar();
    const bool quoted = node.Tag() == "!";
    if (keep_text || quoted) return s;
    if (s == "true" || s == "false") return s == "true";
    if (!s.empty()) {
        char *end = nullptr;
        const long long whole = std::strtoll(s.c_str(), &end, 10);
        if (end && *end == '\0') return static_cast<Poco::Int64>(whole);
        const double d = std::strtod(s.c_str(), &end);
        if (end && *end == '\0') return d;
    }
    return s;
}

std::string yaml_file_to_json(const std::string &file) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file);
    } catch (const YAML::BadFile &) {
        throw std::runtime_error(file + ": cannot read the file");
    } catch (const YAML::Exception &e) {
        throw std::runtime_error(file + ": not valid YAML (line " + std::to_string(e.mark.line + 1) + "): " + e.msg);
    }
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(yaml_to_json(root), out);
    return out.str();
}

} // namespace sis_cli

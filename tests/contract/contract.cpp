// Loads data_api_contract.json once and checks records against it.
#include "contract.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace contract {

namespace {

std::optional<Operation> operation_of(const Poco::JSON::Object &entry, const std::string &kind) {
    if (!entry.has(kind) || entry.isNull(kind)) return std::nullopt;
    const auto o = entry.getObject(kind);
    Operation op;
    op.name = o->getValue<std::string>("operation");
    op.record = o->getObject("record");
    const auto query = o->getObject("query");
    for (const auto &[name, type] : *query) op.query[name] = type.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("type");
    for (const auto &[name, type] : *o->getObject("header")) op.headers.insert(name);
    for (const auto &field : *o->getArray("value_list_fields")) op.value_list_fields.insert(field.toString());
    return op;
}

std::map<std::string, Endpoint> load() {
    std::ifstream in(CONTRACT_JSON);
    if (!in) throw std::runtime_error("cannot read " CONTRACT_JSON);
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
    std::map<std::string, Endpoint> out;
    for (const auto &[path, value] : *doc->getObject("endpoints")) {
        const auto entry = value.extract<Poco::JSON::Object::Ptr>();
        out[path] = Endpoint{path, entry->getValue<std::string>("scope"), operation_of(*entry, "list"),
                             operation_of(*entry, "read")};
    }
    return out;
}

bool fits(const std::string &type, const Poco::Dynamic::Var &value) {
    static const std::regex date(R"(\d{4}-\d\d-\d\d)");
    // RFC 3339 with an offset or Z (the simulator's own format has Z).
    static const std::regex date_time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))");
    if (type == "boolean") return value.isBoolean();
    if (type == "number") return value.isNumeric() && !value.isBoolean();
    if (!value.isString()) return false;
    if (type == "date") return std::regex_match(value.toString(), date);
    if (type == "date-time") return std::regex_match(value.toString(), date_time);
    return type == "string";
}

} // namespace

const std::map<std::string, Endpoint> &endpoints() {
    static const std::map<std::string, Endpoint> all = load();
    return all;
}

std::vector<std::string> misfits(const Poco::JSON::Object &schema_fields, const Poco::JSON::Object &record,
                                 const std::string &where) {
    std::vector<std::string> out;
    for (const auto &[name, value] : record) {
        const std::string field = where + name;
        if (!schema_fields.has(name)) {
            out.push_back(field + ": not in the published schema");
            continue;
        }
        if (value.isEmpty()) continue;
        const auto schema = schema_fields.getObject(name);
        const std::string type = schema->getValue<std::string>("type");
        if (type == "object") {
            if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
                out.push_back(field + ": should be an object");
                continue;
            }
            const auto nested = misfits(*schema->getObject("fields"), *value.extract<Poco::JSON::Object::Ptr>(),
                                        field + ".");
            out.insert(out.end(), nested.begin(), nested.end());
        } else if (type == "array") {
            if (value.type() != typeid(Poco::JSON::Array::Ptr)) out.push_back(field + ": should be an array");
        } else if (!fits(type, value)) {
            out.push_back(field + ": should be " + type + ", is " + value.toString());
        }
    }
    return out;
}

bool is_transport_header(const std::string &name) {
    static const std::set<std::string> names = {"host", "user-agent", "accept", "accept-encoding", "connection",
                                                "content-length", "authorization"};
    return names.count(Poco::toLower(name)) > 0;
}

} // namespace contract

// Veracross's published Data API schema, as far as this repo uses it
// (data_api_contract.json, made by extract_contract.py), and the checks the
// contract tests make with it: record shapes, parameters, headers.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace contract {

struct Operation {
    std::string name;                              // e.g. list_students
    Poco::JSON::Object::Ptr record;                // field -> {type[, fields]}
    std::map<std::string, std::string> query;      // parameter -> type
    std::set<std::string> headers;                 // documented request headers
    std::set<std::string> value_list_fields;
};

struct Endpoint {
    std::string path, scope;
    std::optional<Operation> list, read;
};

// Every endpoint the plugin reads or the simulator serves, by path ("academics/classes").
const std::map<std::string, Endpoint> &endpoints();

// What is wrong with a record against the operation's record schema: a field
// the schema does not name, or a value of another type or nesting. Null fits
// any type (the schema says nothing about nullability). Empty when it fits.
std::vector<std::string> misfits(const Poco::JSON::Object &schema_fields, const Poco::JSON::Object &record,
                                 const std::string &where = "");

// Headers any HTTP client sends that no API documents (Host, User-Agent, ...),
// plus Authorization (the schema's bearer security scheme).
bool is_transport_header(const std::string &name);

} // namespace contract

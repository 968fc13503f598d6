// list_scopes: the scopes an integration type needs (the request's, or the
// instance's), each with what it is for and whether it is required; after a
// connect (or any token request) on this instance, also whether Veracross
// granted it. It never asks Veracross itself.
#include "common/json_text.hpp"
#include "operations/operations.hpp"
#include "common/plugin_error.hpp"
#include "operations/school_connection.hpp"
#include "auth/scope_needs.hpp"
#include "auth/scope_report.hpp"

#include <Poco/JSON/Parser.h>

namespace veracross {
namespace {

PluginError bad_request(const std::string &problem) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("field", "integration_type");
    return PluginError(Status::invalid_config, "invalid_request",
                       "list_scopes request: " + problem +
                           " (expected {\"integration_type\": \"imports\"}, or nothing)",
                       d);
}

std::string requested_type(const std::string &request, const std::string &fallback) {
    if (request.empty()) return fallback;
    Poco::JSON::Object::Ptr obj;
    try {
        obj = Poco::JSON::Parser().parse(request).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        obj = nullptr;
    }
    if (!obj) throw bad_request("is not a JSON object");
    std::vector<std::string> names;
    obj->getNames(names);
    for (const auto &n : names)
        if (n != "integration_type") throw bad_request("'" + n + "' is not a field of it");
    if (!obj->has("integration_type") || obj->isNull("integration_type")) return fallback;
    const Poco::Dynamic::Var v = obj->get("integration_type");
    if (!v.isString()) throw bad_request("integration_type must be text");
    return v.extract<std::string>();
}

} // namespace

std::string run_list_scopes(SchoolConnection &c, const std::string &request) {
    const std::string type = requested_type(request, c.config().integration_type);
    const std::vector<ScopeNeed> needs = needed_scopes(c.config(), type);
    const auto grants = c.tokens().grants();

    Poco::JSON::Object::Ptr result = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    result->set("integration_type", type);
    result->set("checked", grants.has_value());
    result->set("scopes", scope_rows(needs, grants));
    if (grants) {
        result->set("missing_scopes", json_list(refused_scopes(needs, grants, true)));
        result->set("missing_optional_scopes", json_list(refused_scopes(needs, grants, false)));
    }
    return to_json_text(result);
}

} // namespace veracross

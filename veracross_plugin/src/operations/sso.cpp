#include "operations/operations.hpp"

#include "common/plugin_error.hpp"
#include "http/remote_response.hpp"
#include "operations/school_connection.hpp"
#include "auth/scope_needs.hpp"
#include "operations/sso_flow.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>

namespace veracross {

std::string request_text(const Poco::JSON::Object &request, const std::string &name) {
    if (!request.has(name) || !request.get(name).isString() || request.getValue<std::string>(name).empty())
        throw invalid_config(name, "is missing from the sso request (it must be a non-empty text)");
    return request.getValue<std::string>(name);
}

std::string run_sso(SchoolConnection &connection, const std::string &request_json) {
    Poco::JSON::Object::Ptr request;
    try {
        request = Poco::JSON::Parser().parse(request_json).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        request = nullptr;
    }
    if (!request) throw PluginError(Status::invalid_config, "invalid_json", "sso request: must be a JSON object");

    const Config &config = connection.config();
    const auto needs = needed_scopes(config, config.integration_type);
    if (std::none_of(needs.begin(), needs.end(), [&](const ScopeNeed &n) { return n.scope == config.sso_scope; }))
        throw invalid_config("integration_type", "is '" + config.integration_type +
                                                     "', which has no single sign-on: choose sso or imports_and_sso");

    const std::string action = request_text(*request, "action");
    if (action == "begin") return sso_begin(connection, *request);
    if (action == "complete") return sso_complete(connection, *request);
    throw invalid_config("action", "'" + quoted(action) + "' is not begin or complete");
}

} // namespace veracross

// The two steps of a single sign-on login (the sso operation, sso.cpp):
// begin sends the user to Veracross, complete finishes when the browser
// comes back. Shapes: plugin_api/schemas/sso_request.schema.json and
// sso_result.schema.json; the design is in docs/sso.md.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace veracross {

class SchoolConnection;

// {action, authorization_url, login_context, redirect_url, scope, expires_in}
std::string sso_begin(SchoolConnection &connection, const Poco::JSON::Object &request); // sso_begin.cpp

// {action, identity, person (when the request has a roster)}
std::string sso_complete(SchoolConnection &connection, const Poco::JSON::Object &request); // sso_complete.cpp

// The request's text member `name`, or PluginError(Status::invalid_config) naming it.
std::string request_text(const Poco::JSON::Object &request, const std::string &name);

} // namespace veracross

// The four operations of a school connection, one file each. Each returns
// the result JSON or throws PluginError.
#pragma once

#include <string>

namespace veracross {

class SchoolConnection;

std::string run_connect(SchoolConnection &connection);                              // connect.cpp
std::string run_list_scopes(SchoolConnection &connection, const std::string &request); // list_scopes.cpp
std::string run_import(SchoolConnection &connection, const std::string &event_json);  // import_event.cpp
std::string run_sso(SchoolConnection &connection, const std::string &request);        // sso.cpp

} // namespace veracross

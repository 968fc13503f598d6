#include "school_connection.hpp"

#include "plugin_error.hpp"

namespace veracross {

SchoolConnection::SchoolConnection(Config config, HostServices host)
    : config_(std::move(config)), host_(host) {}

namespace {
PluginError not_yet(const std::string &operation) {
    return PluginError(SIS_UNSUPPORTED, "not_implemented",
                       operation + " is not implemented in this version of the Veracross plugin");
}
} // namespace

std::string SchoolConnection::connect() { throw not_yet("connect"); }
std::string SchoolConnection::list_scopes(const std::string &) { throw not_yet("list_scopes"); }
std::string SchoolConnection::import_event(const std::string &) { throw not_yet("import_event"); }
std::string SchoolConnection::sso(const std::string &) { throw not_yet("sso"); }

} // namespace veracross

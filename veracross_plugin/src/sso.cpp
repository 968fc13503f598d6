#include "operations.hpp"
#include "plugin_error.hpp"

namespace veracross {

std::string run_sso(SchoolConnection &, const std::string &) {
    throw PluginError(SIS_UNSUPPORTED, "not_implemented",
                      "sso is not implemented in this version of the Veracross plugin");
}

} // namespace veracross

#include "operations.hpp"
#include "plugin_error.hpp"

namespace veracross {

std::string run_connect(SchoolConnection &) {
    throw PluginError(SIS_UNSUPPORTED, "not_implemented",
                      "connect is not implemented in this version of the Veracross plugin");
}

} // namespace veracross

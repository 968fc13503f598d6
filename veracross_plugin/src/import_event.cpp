#include "operations.hpp"
#include "plugin_error.hpp"

namespace veracross {

std::string run_import(SchoolConnection &, const std::string &) {
    throw PluginError(SIS_UNSUPPORTED, "not_implemented",
                      "import_event is not implemented in this version of the Veracross plugin");
}

} // namespace veracross

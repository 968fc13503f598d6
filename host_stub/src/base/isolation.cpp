#include "base/isolation.hpp"

namespace sis_cli {

sis_host::Binding plugin_binding(const Args &args) {
    const std::string isolate = args.option("isolate", "none");
    if (isolate == "none") return sis_host::Binding::host_first;
    if (isolate == "process") return sis_host::Binding::own_process;
    throw UsageError("--isolate must be none or process (got '" + isolate + "')");
}

} // namespace sis_cli

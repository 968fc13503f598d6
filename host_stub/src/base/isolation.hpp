// --isolate: where sis-host runs a plugin's code. "none" (the default) loads
// it into sis-host; "process" runs each plugin instance in a
// sis-plugin-runner process of its own (sis_host::Binding::own_process).
#pragma once

#include "base/cli.hpp"
#include "sis_host/plugin.hpp"

namespace sis_cli {

// Throws UsageError for any other value.
sis_host::Binding plugin_binding(const Args &args);

} // namespace sis_cli

// sis-host watch: keeps the plugins of a folder loaded and serving calls, and
// swaps in each new build dropped into the folder without a failed call.
#pragma once

#include "base/cli.hpp"

#include <ostream>

namespace sis_cli {

// sis-host watch --dir DIR --config FILE [--interval SECONDS] [--max-seconds N] [--verbose]
//
// Every interval: a connect with the school config on the plugin's current
// version (one line each), and a look at the folder's manifests and
// libraries; a plugin whose files changed and then stayed the same for an
// interval is reloaded (one line per swap: old and new version, time taken,
// calls still draining on the old one; another when the old one is
// unloaded). Stops on SIGINT or SIGTERM (after the call in flight) or after
// --max-seconds. Exit 0 when every call succeeded, 10 + the status of the
// last failed call otherwise, 3 when the plugin cannot be loaded at start,
// 4 when the config file is wrong.
int cmd_watch(const Args &args, std::ostream &out, std::ostream &err);

} // namespace sis_cli

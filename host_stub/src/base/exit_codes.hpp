// sis-host's exit codes, shared by every subcommand (sis-host --help lists them).
#pragma once

namespace sis_cli {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitPlugin = 3;   // manifest or library could not be loaded
constexpr int kExitConfig = 4;   // the school config file is wrong
constexpr int kExitInternal = 5; // a bug in sis-host
constexpr int kExitHeld = 6;     // import held: a large change waits for --accept-large-change
constexpr int kExitStatusBase = 10; // 10 + sis_status of a failed operation

} // namespace sis_cli

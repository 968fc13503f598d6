// sis-host sso: one Veracross login driven from a terminal, as pickAtime's
// web server would drive it.
//
//   sis-host sso begin --config F --redirect-url URL --context FILE [--json]
//     prints the authorization URL to open in a browser; the login context
//     goes to FILE (mode 0600), never to stdout.
//   sis-host sso complete --config F --context FILE --callback-url URL [--roster FILE] [--json]
//     takes the whole URL the browser landed on (code and state, or error),
//     prints who logged in and, with --roster (an import result), who they
//     are in the event. FILE is removed after a successful login.
#pragma once

#include "base/cli.hpp"
#include "sis_host/plugin.hpp"

#include <ostream>

namespace sis_cli {

// args.positional[0] is begin or complete. Returns the exit code (commands.hpp);
// throws UsageError for missing options and unreadable or unwritable files.
int run_sso_command(const Args &args, sis_host::Instance &instance, std::ostream &out, std::ostream &err);

} // namespace sis_cli

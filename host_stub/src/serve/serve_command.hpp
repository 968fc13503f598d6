// sis-host serve: the QA admin page in a browser, the setup guide's screens
// end to end (integration form, Connect, event, test import, import,
// downloads, Log in with Veracross).
#pragma once

#include "base/cli.hpp"

#include <ostream>
#include <string>

namespace sis_cli {

// sis-host serve [--port N] [--dir DIR] [--config FILE] [--event FILE] [--previous FILE] [--max-seconds N]
//
// Serves the page on http://127.0.0.1:PORT/ (port 0 or none: any free
// port) and prints that URL on `out`. --config fills the integration form
// (and its secret, from SIS_CLIENT_SECRET or client_secret_file) and, when
// complete, connects at once; --event fills the event form; --previous is
// the last import's roster, the base of the next diff. Plugins in
// `plugin_dir` are hot-swapped when their files change. Stops on SIGINT or
// SIGTERM, or after --max-seconds. Exit 0; 2 bad options; 3 the plugin
// cannot be loaded; 4 a bad config, event or previous file; 5 the port
// cannot be opened.
int cmd_serve(const Args &args, const std::string &plugin_dir, std::ostream &out, std::ostream &err);

} // namespace sis_cli

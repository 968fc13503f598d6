#include "cli/commands.hpp"

#include "base/cli.hpp"
#include "base/host_callbacks.hpp"
#include "base/isolation.hpp"
#include "base/json_object.hpp"
#include "base/plugin_folders.hpp"
#include "import/import_command.hpp"
#include "base/render.hpp"
#include "base/school_config.hpp"
#include "serve/serve_command.hpp"
#include "sso/sso_command.hpp"
#include "watch/watch_command.hpp"
#include "sis_host/checked_plugin.hpp"

#include <Poco/JSON/Parser.h>

#include <boost/dll/runtime_symbol_info.hpp>

#include <cstdlib>
#include <unistd.h>
#include <iostream>
#include <future>
#include <sstream>
#include <system_error>

namespace sis_cli {
namespace {

const char *const kUsage = R"(usage: sis-host COMMAND [options]

Commands:
  plugins   [--dir DIR]                      list the plugins whose manifests are in DIR
  describe  ID [--dir DIR]                   what plugin ID declares (scopes, config fields)
  connect   --config FILE                    check credentials, scopes and reachability
  scopes    --config FILE [--type TYPE] [--check]
                                             the scopes an integration type needs; --check
                                             first asks Veracross which are enabled
  import    --config FILE --event FILE [--dry-run] [--previous FILE] [--full] [--out PATH]
            [--format roster-json|oneroster-csv]
                                             import rosters into an event (YAML or JSON
                                             event file); --dry-run is a test import;
                                             --previous adds what changed since that
                                             result and reads only the records changed
                                             since (a delta); --full reads everything
                                             (deletions are seen only then); --out is
                                             written only when the import succeeded,
                                             atomically
            [--bookings FILE] [--accept-large-change]
                                             --bookings: the host's bookings (JSON array of
                                             {parent_id, teacher_id, student_id}) to list
                                             those the new roster no longer supports; an
                                             import removing more than the event's
                                             large_change_percent (10%) of the --previous
                                             result is held (exit 6, nothing written) until
                                             run with --accept-large-change
  sso       begin --config FILE --redirect-url URL --context FILE
            complete --config FILE --context FILE --callback-url URL [--roster FILE]
                                             drive a single sign-on login by hand; the login
                                             context goes to FILE (mode 0600), never stdout
  watch     --dir DIR --config FILE [--interval SECONDS] [--max-seconds N]
                                             keep the plugins loaded, call them in a loop,
                                             and hot-swap a plugin when its files change
  serve     [--port N] [--dir DIR] [--config FILE] [--event FILE] [--previous FILE]
            [--bookings FILE] [--max-seconds N]
                                             the QA admin page on http://127.0.0.1:PORT/ (the
                                             URL is printed; port 0: any free one): Connect,
                                             the event, test import and import, downloads,
                                             Log in with Veracross; plugins hot-swap

Options:
  --dir DIR      folder of plugin manifests, also read in its <id>/<version>/ subfolders
                 (default: $SIS_PLUGIN_DIR, else the plugins folder of this build, else
                 lib/pickatime/sis-plugins of the prefix sis-host is installed in)
  --config FILE  the school's settings (YAML). The client secret comes from the
                 SIS_CLIENT_SECRET environment variable or from client_secret_file in
                 FILE, never from the command line.
  --json         machine-readable JSON on stdout instead of text
  --verbose      also print the plugin's debug log on stderr
  --isolate none|process
                 where the plugin's code runs: none (the default) loads it into
                 sis-host; process runs each plugin instance in a sis-plugin-runner
                 process of its own (found beside sis-host, or $SIS_PLUGIN_RUNNER),
                 so the plugin's libraries never meet sis-host's or another plugin's,
                 and a plugin that crashes ends its call with an error, not sis-host
  --help         this text

Exit codes:
  0   success
  2   usage error
  3   a plugin manifest or library could not be loaded
  4   the config or event file is wrong
  5   internal error in sis-host
  6   import held: it removes more than the event's large_change_percent of the
      last result; nothing was written (--accept-large-change publishes it)
  10+ the operation failed with plugin status N-10:
      11 invalid_config, 12 auth_failed, 13 missing_scopes, 14 not_found, 15 network,
      16 tls, 17 rate_limited, 18 remote_error, 19 cancelled, 20 unsupported, 21 internal
)";

std::string plugin_dir(const Args &args) {
    if (args.options.count("dir")) return args.option("dir");
    if (const char *env = std::getenv("SIS_PLUGIN_DIR")) return env;
    return default_plugin_dir(boost::dll::program_location(), SIS_INSTALLED_PLUGIN_DIR).string();
}

std::string pretty(const std::string &json) {
    try {
        std::ostringstream out;
        Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>()->stringify(out, 2);
        return out.str();
    } catch (const std::exception &) {
        return json;
    }
}

const sis_host::Manifest &find_manifest(const sis_host::ManifestScan &scan, const std::string &id,
                                        const std::string &dir) {
    for (const auto &m : scan.manifests)
        if (m.id == id) return m;
    std::string msg = "no plugin '" + id + "' in " + dir;
    for (const auto &e : scan.errors) msg += "\n  (unreadable manifest) " + e;
    throw sis_host::LoadError(msg);
}

int cmd_plugins(const Args &args, std::ostream &out, std::ostream &err) {
    const std::string dir = plugin_dir(args);
    const auto scan = scan_plugin_folders(dir);
    Poco::JSON::Array list;
    int loaded = 0;
    for (const auto &m : scan.manifests) {
        Poco::JSON::Object row;
        row.set("id", m.id);
        row.set("display_name", m.display_name);
        row.set("version", m.version);
        row.set("manifest", m.file.string());
        std::string problem;
        try {
            sis_host::load_checked(m, plugin_binding(args));
            ++loaded;
        } catch (const sis_host::LoadError &e) {
            problem = e.what();
        }
        row.set("loads", problem.empty());
        if (!problem.empty()) row.set("error", problem);
        if (!args.flag("json"))
            out << m.id << "  " << m.version << "  " << m.display_name << "  "
                << (problem.empty() ? "ok" : "NOT LOADABLE: " + problem) << "\n";
        list.add(row);
    }
    for (const auto &e : scan.errors) {
        if (!args.flag("json")) err << "manifest error: " << e << "\n";
    }
    if (args.flag("json")) {
        Poco::JSON::Object doc;
        doc.set("plugins", list);
        Poco::JSON::Array errors;
        for (const auto &e : scan.errors) errors.add(e);
        doc.set("manifest_errors", errors);
        doc.stringify(out, 2);
        out << "\n";
    } else if (scan.manifests.empty()) {
        out << "no plugin manifests in " << dir << "\n";
    }
    return scan.errors.empty() && loaded == static_cast<int>(scan.manifests.size()) ? kExitOk
                                                                                    : kExitPlugin;
}

int cmd_describe(const Args &args, std::ostream &out) {
    if (args.positional.size() != 1) throw UsageError("describe: name one plugin id");
    const std::string dir = plugin_dir(args);
    const auto scan = scan_plugin_folders(dir);
    const auto checked = sis_host::load_checked(find_manifest(scan, args.positional[0], dir), plugin_binding(args));
    if (args.flag("json")) {
        out << pretty(checked.describe_json) << "\n";
        return kExitOk;
    }
    const auto &m = checked.manifest;
    out << m.display_name << " (" << m.id << ") " << m.version << ", ABI " << m.abi_version << "\n"
        << "library: " << m.library_path.string() << "\n\nIntegration types:\n";
    for (const auto &t : m.integration_types) {
        out << "  " << t.first << ": " << t.second.description << "\n";
        for (const auto &s : t.second.scopes)
            out << "    " << s << "  - " << m.scope_purposes.at(s) << "\n";
        for (const auto &s : t.second.optional_scopes)
            out << "    " << s << " (optional)  - " << m.scope_purposes.at(s) << "\n";
    }
    out << "\nConfig fields:\n";
    for (const auto &f : m.config_fields)
        out << "  " << f.name << " (" << f.type << (f.required ? ", required" : "")
            << (f.secret ? ", secret" : "") << ")\n";
    if (!m.sso_redirect_urls.empty()) {
        out << "\nSSO redirect URLs to register in Veracross:\n";
        for (const auto &u : m.sso_redirect_urls) out << "  " << u << "\n";
    }
    return kExitOk;
}

// Runs one instance operation and prints its result.
int cmd_operation(const Args &args, std::ostream &out, std::ostream &err) {
    const std::string config_file = args.required("config");
    SchoolConfig config;
    try {
        config = read_school_config(config_file);
    } catch (const ConfigError &e) {
        err << "sis-host: " << e.what() << "\n";
        return kExitConfig;
    }
    const std::string dir = plugin_dir(args);
    const auto scan = scan_plugin_folders(dir);
    const auto checked = sis_host::load_checked(find_manifest(scan, config.plugin_id, dir), plugin_binding(args));
    std::string config_json;
    try {
        config_json = plugin_config_json(config, checked.manifest);
    } catch (const ConfigError &e) {
        err << "sis-host: " << e.what() << "\n";
        return kExitConfig;
    }

    ImportRequest import_request;
    if (args.command == "import") {
        const std::string format = args.option("format", "roster-json");
        if (format != "roster-json" && format != "oneroster-csv")
            throw UsageError("--format must be roster-json or oneroster-csv");
        if (format == "oneroster-csv" && !args.options.count("out"))
            throw UsageError("--format oneroster-csv needs --out DIR");
        try {
            import_request = read_import_request(args);
        } catch (const std::runtime_error &e) {
            err << "sis-host: " << e.what() << "\n";
            return kExitConfig;
        }
    }

    HostCallbacks callbacks(err, args.flag("verbose"), args.command == "import",
                            ::isatty(STDERR_FILENO) != 0);
    sis_host::CallResult result;
    auto instance = sis_host::Instance::create(checked.plugin, config_json, callbacks.services(), result);
    if (instance) {
        if (args.command == "connect") {
            result = instance->connect();
        } else if (args.command == "scopes") {
            std::string request;
            if (args.options.count("type")) {
                Poco::JSON::Object r;
                r.set("integration_type", args.option("type"));
                std::ostringstream text;
                r.stringify(text);
                request = text.str();
            }
            if (args.flag("check")) {
                // Refused scopes show in the list as ✗; any other failure leaves them unchecked.
                const auto check = instance->connect();
                if (!check.ok() && check.status != SIS_MISSING_SCOPES)
                    err << "scopes --check: connect failed (" << sis_status_name(check.status)
                        << "): " << error_message(check.json) << "\n";
            }
            result = instance->list_scopes(request);
        } else if (args.command == "import") {
            // The --previous file is checked beside the import (check_previous).
            std::future<void> previous_checked;
            if (!import_request.previous_file.empty()) {
                const auto check = [&import_request] {
                    check_previous(import_request.previous_file, import_request.previous_text);
                    std::string().swap(import_request.previous_text); // its copy is in the request
                };
                try {
                    previous_checked = std::async(std::launch::async, check);
                } catch (const std::system_error &) {
                    previous_checked = std::async(std::launch::deferred, check);
                }
            }
            result = instance->import_event(import_request.json);
            callbacks.finish_progress();
            if (previous_checked.valid()) {
                try {
                    previous_checked.get();
                } catch (const UsageError &e) {
                    err << "sis-host: " << e.what() << "\n";
                    if (args.options.count("out")) err << "nothing was written: " << args.option("out") << " is unchanged\n";
                    return kExitConfig;
                }
            }
            // Closing the instance (its token is revoked: a round trip)
            // overlaps writing the result; nothing else uses it now, and
            // the future's destructor waits for it before this returns.
            // (HostCallbacks lock their stream; finish_import writes to `out`
            // on success, a stream of its own.) Without a thread to spare,
            // the instance simply closes at the end of this scope.
            std::future<void> closed;
            try {
                if (result.ok()) closed = std::async(std::launch::async, [&instance] { instance.reset(); });
            } catch (const std::system_error &) {
            }
            return finish_import(result, args, out, err);
        } else {
            callbacks.finish_progress();
            return run_sso_command(args, *instance, out, err);
        }
    }
    if (args.flag("json")) {
        out << pretty(result.json) << "\n";
    } else {
        if (instance && args.command == "connect")
            out << render_connect(result.json);
        else if (result.ok())
            out << (args.command == "scopes" ? render_scopes(result.json) : pretty(result.json) + "\n");
        if (!result.ok())
            err << args.command << " failed (" << sis_status_name(result.status)
                << "): " << error_message(result.json) << "\n";
    }
    return result.ok() ? kExitOk : kExitStatusBase + static_cast<int>(result.status);
}

} // namespace

int run(const std::vector<std::string> &words, std::ostream &out, std::ostream &err) {
    Args args;
    try {
        args = parse_args(words, {"dir", "config", "type", "event", "out", "format", "previous", "redirect-url", "context",
                           "callback-url", "roster", "interval", "max-seconds", "port", "bookings", "isolate"},
                          {"json", "verbose", "help", "dry-run", "full", "check", "accept-large-change"});
        if (args.command.empty() || args.command == "help" || (args.flag("help") && args.command.empty())) {
            (args.command.empty() && !args.flag("help") ? err : out) << kUsage;
            return args.command.empty() && !args.flag("help") ? kExitUsage : kExitOk;
        }
        if (args.flag("help")) {
            out << kUsage;
            return kExitOk;
        }
        if (args.command == "plugins") return cmd_plugins(args, out, err);
        if (args.command == "describe") return cmd_describe(args, out);
        if (args.command == "watch") return cmd_watch(args, out, err);
        if (args.command == "serve") return cmd_serve(args, plugin_dir(args), out, err);
        if (args.command == "connect" || args.command == "scopes" || args.command == "import" ||
            args.command == "sso")
            return cmd_operation(args, out, err);
        throw UsageError("unknown command '" + args.command + "'");
    } catch (const UsageError &e) {
        err << "sis-host: " << e.what() << "\n(see sis-host --help)\n";
        return kExitUsage;
    } catch (const sis_host::ManifestError &e) {
        err << "sis-host: " << e.what() << "\n";
        return kExitPlugin;
    } catch (const sis_host::LoadError &e) {
        err << "sis-host: " << e.what() << "\n";
        return kExitPlugin;
    }
}

} // namespace sis_cli

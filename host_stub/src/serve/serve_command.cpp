#include "serve/serve_command.hpp"

#include "base/exit_codes.hpp"
#include "base/isolation.hpp"
#include "base/school_config.hpp"
#include "serve/serve_server.hpp"
#include "serve/serve_workspace.hpp"
#include "sis_host/folder_watch.hpp"
#include "sis_host/registry.hpp"

#include <Poco/Exception.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

namespace sis_cli {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop{false};
extern "C" void on_serve_stop(int) { g_stop.store(true); }

// SIGINT and SIGTERM stop the server for as long as this lives (one-shot:
// a second Ctrl-C ends the process at once).
class StopOnSignals {
public:
    StopOnSignals() {
        g_stop.store(false);
        struct sigaction action {};
        action.sa_handler = on_serve_stop;
        action.sa_flags = SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &old_int_);
        sigaction(SIGTERM, &action, &old_term_);
    }
    ~StopOnSignals() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }
    StopOnSignals(const StopOnSignals &) = delete;
    StopOnSignals &operator=(const StopOnSignals &) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

int number_option(const Args &args, const std::string &name, int fallback, int low, int high) {
    if (!args.options.count(name)) return fallback;
    const std::string text = args.option(name);
    try {
        std::size_t used = 0;
        const long value = std::stol(text, &used);
        if (used == text.size() && value >= low && value <= high) return static_cast<int>(value);
    } catch (const std::exception &) {
    }
    throw UsageError("serve: --" + name + " must be a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high) + " (got '" + text + "')");
}

bool complete(const SchoolConfig &c) {
    for (const char *f : {"school_domain", "client_id", "integration_type"})
        if (!c.settings[f] || !c.settings[f].IsScalar() || c.settings[f].Scalar().empty()) return false;
    return !c.secret.empty();
}

} // namespace

int cmd_serve(const Args &args, const std::string &plugin_dir, std::ostream &out, std::ostream &err) {
    const int port = number_option(args, "port", 0, 0, 65535);
    const int max_seconds = number_option(args, "max-seconds", 0, 0, 86400 * 365);
    SchoolConfig config;
    config.settings = YAML::Node(YAML::NodeType::Map);
    config.file = "the integration form";
    if (args.options.count("config")) {
        try {
            config = read_school_config(args.option("config"));
        } catch (const ConfigError &e) {
            err << "sis-host: " << e.what() << "\n";
            return kExitConfig;
        }
    }

    const std::chrono::seconds poll(1);
    sis_host::FolderWatch watch(plugin_dir, poll); // before loading: a build dropped in meanwhile counts
    sis_host::RegistryOptions options;
    options.binding = plugin_binding(args);
    auto registry = std::make_shared<sis_host::Registry>(plugin_dir, options);
    for (const auto &problem : registry->load_all()) err << "sis-host serve: not loaded: " << problem << "\n";
    if (!registry->get(config.plugin_id)) {
        err << "sis-host: no loadable plugin '" << config.plugin_id << "' in " << plugin_dir << "\n";
        return kExitPlugin;
    }

    Workspace workspace(registry, config, err);
    try {
        if (args.options.count("event")) workspace.load_event_file(args.option("event"));
        if (args.options.count("previous")) workspace.load_previous_file(args.option("previous"));
        if (args.options.count("bookings")) workspace.load_bookings_file(args.option("bookings"));
    } catch (const PageError &e) {
        err << "sis-host: " << e.what() << "\n";
        return kExitConfig;
    } catch (const UsageError &e) {
        err << "sis-host: " << e.what() << "\n";
        return kExitConfig;
    }
    std::unique_ptr<AdminServer> server;
    try {
        server = std::make_unique<AdminServer>(workspace, port);
    } catch (const Poco::Exception &e) {
        err << "sis-host: cannot serve on 127.0.0.1:" << port << ": " << e.displayText()
            << " (choose another --port, or 0 for any free one)\n";
        return kExitInternal;
    }
    const auto version = registry->get(config.plugin_id);
    out << "sis-host serve: " << version->manifest().display_name << " " << version->version()
        << " admin page at " << server->url() << std::endl;
    if (complete(config)) {
        try {
            workspace.start_connect(); // the page opens with the checklist already there
        } catch (const PageError &e) {
            err << "sis-host serve: not connecting at start: " << e.what() << "\n";
        }
    }

    StopOnSignals signals;
    const auto deadline = max_seconds > 0 ? Clock::now() + std::chrono::seconds(max_seconds) : Clock::time_point::max();
    auto next_poll = Clock::now() + poll;
    while (!g_stop.load() && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (Clock::now() >= next_poll) {
            workspace.swap_changed(watch.poll());
            next_poll = Clock::now() + poll;
        }
    }
    out << "sis-host serve: stopping" << std::endl;
    workspace.cancel_job();
    server.reset();
    return kExitOk;
}

} // namespace sis_cli

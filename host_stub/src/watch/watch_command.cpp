#include "watch/watch_command.hpp"

#include "base/exit_codes.hpp"
#include "base/host_callbacks.hpp"
#include "base/isolation.hpp"
#include "base/json_object.hpp"
#include "base/school_config.hpp"
#include "sis_host/folder_watch.hpp"
#include "sis_host/registry.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

namespace sis_cli {
namespace {

using Clock = std::chrono::steady_clock;

static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
std::atomic<bool> g_stop_requested{false};

extern "C" void on_stop_signal(int) { g_stop_requested.store(true); }

// SIGINT and SIGTERM ask the watch to stop for as long as this lives. The
// handler is one-shot (SA_RESETHAND): a second Ctrl-C ends the process at once.
class StopSignals {
public:
    StopSignals() {
        g_stop_requested.store(false);
        struct sigaction action {};
        action.sa_handler = on_stop_signal;
        action.sa_flags = SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &previous_int_);
        sigaction(SIGTERM, &action, &previous_term_);
    }
    ~StopSignals() {
        sigaction(SIGINT, &previous_int_, nullptr);
        sigaction(SIGTERM, &previous_term_, nullptr);
    }
    StopSignals(const StopSignals &) = delete;
    StopSignals &operator=(const StopSignals &) = delete;

private:
    struct sigaction previous_int_ {};
    struct sigaction previous_term_ {};
};

// Time-stamped lines; the caller thread, the watch loop and unload reports
// (any thread) all write here.
class WatchLog {
public:
    explicit WatchLog(std::ostream &out) : out_(out) {}
    void line(const std::string &text) {
        const auto now = std::chrono::system_clock::now();
        const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
        const auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
        const auto ms = since_epoch.count() % 1000;
        std::tm local{};
        localtime_r(&seconds, &local);
        char stamp[32];
        std::snprintf(stamp, sizeof stamp, "%02d:%02d:%02d.%03d", local.tm_hour, local.tm_min, local.tm_sec,
                      static_cast<int>(ms));
        std::lock_guard<std::mutex> lock(mutex_);
        out_ << "[" << stamp << "] " << text << std::endl;
    }

private:
    std::ostream &out_;
    std::mutex mutex_;
};

struct Tally {
    std::atomic<long> calls{0}, failed{0}, swaps{0}, refused{0};
    std::atomic<int> last_failure{SIS_OK};
};

std::string millis(Clock::duration d) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", std::chrono::duration<double, std::milli>(d).count());
    return text;
}

double seconds_option(const Args &args, const std::string &name, double fallback) {
    if (!args.options.count(name)) return fallback;
    const std::string text = args.option(name);
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size() && value >= 0.05 && value <= 86400 * 365) return value;
    } catch (const std::exception &) {
    }
    throw UsageError("watch: --" + name + " must be a number of seconds, at least 0.05 (got '" + text + "')");
}

Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// Sleeps until `until`, waking early when `stop` is set.
void nap_until(Clock::time_point until, const std::atomic<bool> &stop) {
    while (!stop.load()) {
        const auto now = Clock::now();
        if (now >= until) return;
        std::this_thread::sleep_for(std::min<Clock::duration>(until - now, std::chrono::milliseconds(50)));
    }
}

// One connect on the version of the school's plugin that is current now.
void call_once(const sis_host::Registry &registry, const SchoolConfig &config,
               const sis_host_services *services, WatchLog &log, Tally &tally) {
    const long number = ++tally.calls;
    const auto start = Clock::now();
    auto version = registry.get(config.plugin_id);
    const std::string label = version->id() + " " + version->version();
    sis_host::CallResult result;
    try {
        auto instance = version->create(plugin_config_json(config, version->manifest()), services, result);
        version.reset(); // the instance alone holds the version: one user per call in flight
        if (instance) result = instance->connect();
    } catch (const ConfigError &e) { // the new version's manifest wants other settings
        result = {SIS_INVALID_CONFIG, sis_host::host_error_json(SIS_INVALID_CONFIG, "invalid_config", e.what())};
    }
    const std::string head = "call " + std::to_string(number) + ": connect on " + label + ": ";
    if (result.ok()) {
        log.line(head + "ok (" + millis(Clock::now() - start) + ")");
        return;
    }
    ++tally.failed;
    tally.last_failure = result.status;
    log.line(head + "FAILED (" + sis_status_name(result.status) + "): " + error_message(result.json));
}

void serve_calls(const sis_host::Registry &registry, const SchoolConfig &config,
                 const sis_host_services *services, Clock::duration interval, WatchLog &log, Tally &tally,
                 const std::atomic<bool> &stop) {
    for (auto next = Clock::now(); !stop.load(); nap_until(next, stop)) {
        call_once(registry, config, services, log, tally);
        next = std::max(next + interval, Clock::now() - interval); // after a slow call, no burst to catch up
    }
}

std::string describe_swap(const sis_host::SwapReport &swap) {
    if (swap.old_version.empty()) return "loaded " + swap.id + " " + swap.new_version + " (new plugin)";
    const long users = swap.users_of_old;
    const std::string drained = users == 0   ? "no call in flight on "
                                : users == 1 ? "1 call in flight drains on "
                                             : std::to_string(users) + " calls in flight drain on ";
    return "swapped " + swap.id + " " + swap.old_version + " -> " + swap.new_version + " in " + millis(swap.took) +
           "; " + drained + swap.old_version;
}

void swap_changed(const sis_host::FolderWatch::Changes &changes, sis_host::Registry &registry, WatchLog &log,
                  Tally &tally) {
    for (const auto &e : changes.manifest_errors) log.line("manifest error: " + e);
    for (const auto &id : changes.ids) {
        std::string serving;
        if (auto current = registry.get(id)) serving = current->version();
        try {
            log.line(describe_swap(registry.reload(id)));
            ++tally.swaps;
        } catch (const std::runtime_error &e) { // LoadError, ManifestError, filesystem errors
            ++tally.refused;
            log.line("refused the new build of " + id + ": " + e.what() +
                     (serving.empty() ? "" : "; " + serving + " keeps serving"));
        }
    }
}

} // namespace

int cmd_watch(const Args &args, std::ostream &out, std::ostream &err) {
    const std::string dir = args.required("dir");
    const std::string config_file = args.required("config");
    const double interval_s = seconds_option(args, "interval", 1.0);
    const double max_s = seconds_option(args, "max-seconds", 0);
    const Clock::duration interval = seconds(interval_s);
    SchoolConfig config;
    try {
        config = read_school_config(config_file);
    } catch (const ConfigError &e) {
        err << "sis-host: " << e.what() << "\n";
        return kExitConfig;
    }

    WatchLog log(out);
    Tally tally;
    sis_host::RegistryOptions options;
    options.binding = plugin_binding(args);
    options.on_unloaded = [&log](const sis_host::Unloaded &u) {
        log.line("unloaded " + u.id + " " + u.version + ": its last call returned " + millis(u.after_swap) +
                 " after the swap");
    };
    sis_host::FolderWatch watch(dir, interval); // before loading: a build dropped in meanwhile counts
    sis_host::Registry registry(dir, options);
    for (const auto &problem : registry.load_all()) log.line("not loaded: " + problem);
    std::string serving;
    if (auto first = registry.get(config.plugin_id)) { // not kept: it would keep this version loaded
        serving = first->version();
        try {
            plugin_config_json(config, first->manifest());
        } catch (const ConfigError &e) {
            err << "sis-host: " << e.what() << "\n";
            return kExitConfig;
        }
    } else {
        err << "sis-host: no loadable plugin '" << config.plugin_id << "' in " << dir << "\n";
        return kExitPlugin;
    }
    for (const auto &id : registry.ids()) log.line("loaded " + id + " " + registry.get(id)->version());
    char every[32];
    std::snprintf(every, sizeof every, "%g s", interval_s);
    log.line("serving " + config.plugin_id + " " + serving + "; watching " + dir + " every " + every);

    HostCallbacks callbacks(err, args.flag("verbose"), false, false);
    StopSignals signals; // after HostCallbacks, whose SIGINT handler would cancel the call in flight
    std::atomic<bool> stop_calls{false};
    std::thread caller(serve_calls, std::cref(registry), std::cref(config), callbacks.services(), interval,
                       std::ref(log), std::ref(tally), std::cref(stop_calls));
    const auto deadline = max_s > 0 ? Clock::now() + seconds(max_s) : Clock::time_point::max();
    for (;;) {
        nap_until(std::min(Clock::now() + interval, deadline), g_stop_requested);
        if (g_stop_requested.load() || Clock::now() >= deadline) break;
        swap_changed(watch.poll(), registry, log, tally);
    }
    log.line(g_stop_requested.load() ? "stopping (signal): finishing the call in flight"
                                     : "stopping (--max-seconds reached): finishing the call in flight");
    stop_calls = true;
    caller.join();
    log.line("stopped: " + std::to_string(tally.calls.load()) + " calls, " + std::to_string(tally.failed.load()) +
             " failed; " + std::to_string(tally.swaps.load()) + " swaps, " + std::to_string(tally.refused.load()) +
             " refused");
    return tally.failed.load() == 0 ? kExitOk : kExitStatusBase + tally.last_failure.load();
}

} // namespace sis_cli

// What the admin page works on: one school's integration settings (the
// secret stays here, in memory), the Connect checklist, the event, the
// import jobs with their live progress, the last results, and SSO logins.
// Every plugin call gets the version the hot-swap registry holds at that
// moment, so a new build dropped into the plugin folder serves the next call.
#pragma once

#include "base/school_config.hpp"
#include "sis_host/folder_watch.hpp"
#include "sis_host/registry.hpp"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sis_cli {

// A request the page cannot be given what it asked for: `status` is the
// HTTP status, the message says what to fix (and never holds a secret).
class PageError : public std::runtime_error {
public:
    PageError(int status, const std::string &message) : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

// The integration form of the setup guide (step 6).
struct IntegrationForm {
    std::string school_domain, client_id, integration_type;
    std::string client_secret; // empty: keep the one already stored
};

// The event form: what the importer needs.
struct EventForm {
    std::string name;
    std::vector<std::string> grading_periods, school_levels, grade_levels;
    std::string school_year; // where period names resolve; empty: the current one
    bool include_without_portal_access = false, include_non_custodial = true, include_advisors = false;
    bool split_households = true; // one booking group per household (docs/conference-rules.md 6a)
};

struct SsoBegun {
    std::string authorization_url; // where the browser goes
    std::string state;             // the OAuth state inside it: the key of the pending login
    std::string login_context;     // sealed; stays on the server
};

class Workspace {
public:
    // `config` may be incomplete (the page fills it in); `log` gets one line
    // per job, swap and failure (never a secret).
    Workspace(std::shared_ptr<sis_host::Registry> registry, SchoolConfig config, std::ostream &log);
    ~Workspace(); // cancels the job in flight and waits for it
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    // Everything the page shows, as JSON: never the secret (only whether one is stored).
    Poco::JSON::Object::Ptr state() const;

    // Throw PageError(400) naming the field to fix.
    void save_integration(const IntegrationForm &form);
    void save_event(const EventForm &form);
    // Seeds the event form and the last import from files (serve --event, --previous).
    void load_event_file(const std::string &file);
    void load_previous_file(const std::string &file);
    // The host's bookings every import checks (serve --bookings): a JSON array
    // of {parent_id, teacher_id, student_id}; UsageError names what to fix.
    void load_bookings_file(const std::string &file);

    // Jobs run one at a time on their own thread; PageError(409) while one runs.
    void start_connect();
    // accept_large_change: publish an import the plugin would hold (a large change).
    void start_import(bool dry_run, bool accept_large_change = false);
    void cancel_job();
    bool job_running() const;
    // Waits until no job runs (tests and the demo); false on timeout.
    bool wait_idle(std::chrono::milliseconds timeout) const;

    // The last import's result (test or real), or PageError(404).
    std::string last_roster_json() const;
    bool last_roster_is_preview() const;
    // The result of the import held as a large change, or PageError(404).
    std::string held_roster_json() const;

    // SSO through the plugin. The redirect URL is the first of the plugin's
    // own that the school's settings allow.
    std::string sso_redirect_url() const;
    SsoBegun sso_begin();
    // callback_query: code/state or error/error_description. Returns the
    // plugin's result (who, roles, and their person in the last import).
    Poco::JSON::Object::Ptr sso_complete(const Poco::JSON::Object::Ptr &callback_query,
                                         const std::string &login_context);

    // Hot swap: reloads the plugins the folder watch reports as changed.
    void swap_changed(const sis_host::FolderWatch::Changes &changes);

    void log_line(const std::string &line);

private:
    struct Job {
        std::string kind; // connect, test_import, import
        bool running = false;
        std::string stage;
        unsigned long long done = 0, total = 0;
        std::string error;
        double seconds = 0;
        std::deque<std::string> log;
    };

    std::string config_json_locked() const;          // the plugin's create() config (holds the secret)
    std::string sso_redirect_url_locked() const;
    std::shared_ptr<const sis_host::PluginVersion> plugin() const;
    std::unique_ptr<sis_host::Instance> instance(const sis_host_services *services);
    void start_job(const std::string &kind, std::function<void()> work);
    void run_connect();
    void run_import(bool dry_run, bool accept_large_change);
    void keep_grading_periods(const Poco::JSON::Object &connect_result);
    void job_log(const std::string &line);

    static void on_log(void *self, sis_log_level level, const char *message);
    static void on_progress(void *self, const char *stage, uint64_t done, uint64_t total);
    static int on_cancelled(void *self);
    static void on_quiet_log(void *self, sis_log_level level, const char *message);

    const std::shared_ptr<sis_host::Registry> registry_;
    std::ostream &log_;
    mutable std::mutex mutex_;
    mutable std::condition_variable idle_;
    std::mutex log_mutex_;
    SchoolConfig config_;
    Poco::JSON::Object::Ptr connect_;          // the plugin's connect result or error
    std::vector<std::string> grading_periods_; // the school's, from the plugin
    std::string grading_periods_note_;         // why the list is empty, when it is
    Poco::JSON::Object::Ptr event_;            // the event spec, without dry_run and previous
    Job job_;
    std::string last_roster_;                  // the last import's result
    Poco::JSON::Object::Ptr last_summary_;
    std::string published_;                    // the last real import's text: the diff's base ("" when none)
    Poco::JSON::Object::Ptr held_;             // the summary of an import held as a large change, until one goes through
    std::string held_roster_;                  // and its result (its readiness downloads)
    Poco::JSON::Array::Ptr bookings_;          // the host's bookings (serve --bookings), checked by every import
    std::deque<std::string> server_log_;       // swaps and failures, for the page
    std::atomic<bool> cancel_{false};
    std::thread worker_;
    sis_host_services job_services_{};
    sis_host_services quiet_services_{};
};

} // namespace sis_cli

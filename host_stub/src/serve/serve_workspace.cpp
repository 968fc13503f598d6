#include "serve/serve_workspace.hpp"
#include "base/json_members.hpp"
#include "base/json_object.hpp"

#include "import/import_safeguards.hpp"
#include "serve/serve_summary.hpp"
#include "base/yaml_json.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <sstream>

namespace sis_cli {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kLogLines = 40;

std::string failure(const sis_host::CallResult &r) {
    return std::string(sis_status_name(r.status)) + ": " + error_message(r.json);
}

Array::Ptr texts(const std::vector<std::string> &list) {
    Array::Ptr a = new Array;
    for (const auto &s : list) a->add(s);
    return a;
}

std::string slug(const std::string &name) {
    std::string s;
    for (unsigned char c : name) {
        if (std::isalnum(c))
            s += static_cast<char>(std::tolower(c));
        else if (!s.empty() && s.back() != '-')
            s += '-';
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    return s.empty() ? "event" : s;
}

std::string setting(const SchoolConfig &c, const char *name) {
    const YAML::Node n = c.settings[name];
    return n && n.IsScalar() ? n.Scalar() : std::string();
}

Poco::Dynamic::Var or_null(const Object::Ptr &o) { return o ? Poco::Dynamic::Var(o) : Poco::Dynamic::Var(); }

void add_bounded(std::deque<std::string> &lines, const std::string &line) {
    lines.push_back(line);
    while (lines.size() > kLogLines) lines.pop_front();
}

std::string trimmed(const std::string &s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> text_list(const Object &o, const char *name) {
    std::vector<std::string> out;
    if (const auto a = o.getArray(name))
        for (const auto &v : *a) out.push_back(v.toString());
    return out;
}

} // namespace

Workspace::Workspace(std::shared_ptr<sis_host::Registry> registry, SchoolConfig config, std::ostream &log)
    : registry_(std::move(registry)), log_(log), config_(std::move(config)) {
    for (auto *s : {&job_services_, &quiet_services_}) {
        s->struct_size = sizeof *s;
        s->user_data = this;
        s->is_cancelled = on_cancelled;
    }
    job_services_.log = on_log;
    job_services_.progress = on_progress;
    quiet_services_.log = on_quiet_log;
    quiet_services_.progress = nullptr;
}

Workspace::~Workspace() {
    cancel_ = true;
    if (worker_.joinable()) worker_.join();
}

void Workspace::log_line(const std::string &line) {
    std::lock_guard<std::mutex> lock(log_mutex_);
    log_ << "sis-host serve: " << line << std::endl;
    std::lock_guard<std::mutex> state_lock(mutex_);
    add_bounded(server_log_, line);
}

void Workspace::job_log(const std::string &line) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        add_bounded(job_.log, line);
    }
    std::lock_guard<std::mutex> lock(log_mutex_);
    log_ << "sis-host serve: " << line << std::endl;
}

void Workspace::on_log(void *self, sis_log_level level, const char *message) {
    if (level == SIS_LOG_DEBUG || !message) return;
    static const char *const names[] = {"debug", "info", "warn", "error"};
    static_cast<Workspace *>(self)->job_log(std::string("[") + names[level <= SIS_LOG_ERROR ? level : SIS_LOG_ERROR] +
                                            "] " + message);
}

void Workspace::on_quiet_log(void *self, sis_log_level level, const char *message) {
    if (level < SIS_LOG_WARN || !message) return;
    static_cast<Workspace *>(self)->log_line(std::string("[sso] ") + message);
}

void Workspace::on_progress(void *self, const char *stage, uint64_t done, uint64_t total) {
    auto *w = static_cast<Workspace *>(self);
    std::lock_guard<std::mutex> lock(w->mutex_);
    w->job_.stage = stage ? stage : "";
    w->job_.done = done;
    w->job_.total = total;
}

int Workspace::on_cancelled(void *self) { return static_cast<Workspace *>(self)->cancel_.load() ? 1 : 0; }

std::shared_ptr<const sis_host::PluginVersion> Workspace::plugin() const {
    auto version = registry_->get(config_.plugin_id);
    if (!version)
        throw PageError(503, "the plugin '" + config_.plugin_id + "' is not loaded from " +
                                 registry_->dir().string() + ": see the server's output");
    return version;
}

std::string Workspace::config_json_locked() const {
    const auto version = plugin();
    if (setting(config_, "school_domain").empty())
        throw PageError(400, "School Domain is required: your school's Veracross route or Axiom address");
    if (setting(config_, "client_id").empty())
        throw PageError(400, "Client ID is required: copy it from the OAuth application's General tab");
    if (config_.secret.empty())
        throw PageError(400, "Client Secret is required: copy it from the OAuth application's General tab");
    try {
        return plugin_config_json(config_, version->manifest());
    } catch (const ConfigError &e) {
        throw PageError(400, e.what());
    }
}

std::unique_ptr<sis_host::Instance> Workspace::instance(const sis_host_services *services) {
    std::string config_json;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        config_json = config_json_locked();
    }
    sis_host::CallResult error;
    auto made = plugin()->create(config_json, services, error);
    if (!made) throw PageError(400, "the plugin refused the settings (" + failure(error) + ")");
    return made;
}

Object::Ptr Workspace::state() const {
    Object::Ptr s = new Object(true);
    Object::Ptr plugin_info = new Object(true);
    Object::Ptr integration = new Object(true);
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto version = registry_->get(config_.plugin_id)) {
        const auto &m = version->manifest();
        plugin_info->set("id", m.id);
        plugin_info->set("display_name", m.display_name);
        plugin_info->set("version", m.version);
        Array::Ptr types = new Array;
        for (const auto &t : m.integration_types) {
            Object::Ptr row = new Object(true);
            row->set("value", t.first);
            row->set("description", t.second.description);
            types->add(row);
        }
        integration->set("types", types);
    } else {
        plugin_info->set("id", config_.plugin_id);
        plugin_info->set("error", "not loaded");
    }
    s->set("plugin", plugin_info);
    for (const char *f : {"school_domain", "client_id", "integration_type"}) integration->set(f, setting(config_, f));
    integration->set("client_secret_stored", !config_.secret.empty()); // whether, never what
    s->set("integration", integration);
    try {
        s->set("sso_redirect_url", sso_redirect_url_locked());
    } catch (const PageError &) {
        s->set("sso_redirect_url", "");
    }
    s->set("connect", or_null(connect_));
    s->set("connected", connect_ && connect_->optValue("ok", false));
    Object::Ptr lists = new Object(true);
    lists->set("grading_periods", texts(grading_periods_));
    lists->set("note", grading_periods_note_);
    s->set("school", lists);
    s->set("event", or_null(event_));

    Object::Ptr job = new Object(true);
    job->set("kind", job_.kind);
    job->set("running", job_.running);
    job->set("stage", job_.stage);
    job->set("done", static_cast<Poco::UInt64>(job_.done));
    job->set("total", static_cast<Poco::UInt64>(job_.total));
    job->set("error", job_.error);
    job->set("seconds", job_.seconds);
    job->set("log", texts({job_.log.begin(), job_.log.end()}));
    s->set("job", job);
    s->set("summary", or_null(last_summary_));
    s->set("has_published_import", !published_.empty());
    s->set("held", or_null(held_));
    s->set("server_log", texts({server_log_.begin(), server_log_.end()}));
    return s;
}

void Workspace::save_integration(const IntegrationForm &form) {
    const std::string domain = trimmed(form.school_domain), client_id = trimmed(form.client_id);
    const std::string type = trimmed(form.integration_type), secret = trimmed(form.client_secret);
    if (domain.empty()) throw PageError(400, "School Domain is required: your school's Veracross route or Axiom address");
    if (client_id.empty()) throw PageError(400, "Client ID is required: copy it from the OAuth application's General tab");
    for (const auto &[label, value] : {std::pair{"School Domain", domain}, std::pair{"Client ID", client_id},
                                       std::pair{"Client Secret", secret}})
        if (value.size() > 500) throw PageError(400, std::string(label) + " is too long (500 characters at most)");
    const auto version = plugin();
    const auto types = version->manifest().integration_types;
    if (!types.count(type)) {
        std::string allowed;
        for (const auto &t : types) allowed += (allowed.empty() ? "" : ", ") + t.first;
        throw PageError(400, "Integration Type must be one of " + allowed);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (secret.empty() && config_.secret.empty())
        throw PageError(400, "Client Secret is required: copy it from the OAuth application's General tab");
    if (job_.running) throw PageError(409, "a " + job_.kind + " is running: wait for it or cancel it first");
    const bool changed = setting(config_, "school_domain") != domain || setting(config_, "client_id") != client_id ||
                         setting(config_, "integration_type") != type || (!secret.empty() && secret != config_.secret);
    config_.settings["school_domain"] = domain;
    config_.settings["client_id"] = client_id;
    config_.settings["integration_type"] = type;
    if (!secret.empty()) config_.secret = secret;
    config_.file = "the integration form";
    if (changed) { // another school or application: what we knew of the old one no longer holds
        connect_ = nullptr;
        grading_periods_.clear();
        grading_periods_note_.clear();
    }
}

void Workspace::save_event(const EventForm &form) {
    const auto name = form.name.substr(0, form.name.find_last_not_of(" \t\r\n") + 1);
    if (name.find_first_not_of(" \t") == std::string::npos)
        throw PageError(400, "the event needs a name (for example: Fall Parent-Teacher Conferences)");
    if (name.size() > 200) throw PageError(400, "the event name is too long (200 characters at most)");
    if (form.grading_periods.empty())
        throw PageError(400, "choose at least one grading period: the event covers the classes of those periods");
    for (const auto *list : {&form.grading_periods, &form.school_levels, &form.grade_levels})
        if (list->size() > 100) throw PageError(400, "too many grading periods or levels (100 at most)");
    const std::string year = trimmed(form.school_year);
    if (year.size() > 100) throw PageError(400, "the school year is too long (a name such as 2025-2026, or an id)");
    Object::Ptr event = new Object(true);
    std::lock_guard<std::mutex> lock(mutex_);
    event->set("event_id", event_ && event_->optValue<std::string>("name", "") == name
                               ? event_->optValue<std::string>("event_id", slug(name))
                               : slug(name));
    event->set("name", name);
    event->set("grading_periods", texts(form.grading_periods));
    if (!year.empty()) event->set("school_year", year);
    if (!form.school_levels.empty()) event->set("school_levels", texts(form.school_levels));
    if (!form.grade_levels.empty()) event->set("grade_levels", texts(form.grade_levels));
    Object::Ptr options = new Object(true);
    options->set("include_without_portal_access", form.include_without_portal_access);
    options->set("include_non_custodial", form.include_non_custodial);
    options->set("include_advisors", form.include_advisors);
    options->set("split_households", form.split_households);
    event->set("options", options);
    event_ = event;
}

void Workspace::load_event_file(const std::string &file) {
    Object::Ptr event;
    try {
        event = parse_object(yaml_file_to_json(file));
    } catch (const std::exception &e) {
        throw PageError(400, std::string("--event: ") + e.what());
    }
    if (!event) throw PageError(400, file + ": the event file must be a mapping of settings");
    EventForm form;
    form.name = event->optValue<std::string>("name", "");
    form.grading_periods = text_list(*event, "grading_periods");
    form.school_levels = text_list(*event, "school_levels");
    form.grade_levels = text_list(*event, "grade_levels");
    if (event->has("school_year") && !event->isNull("school_year"))
        form.school_year = event->get("school_year").toString();
    if (const auto o = event->getObject("options")) {
        form.include_without_portal_access = o->optValue("include_without_portal_access", false);
        form.include_non_custodial = o->optValue("include_non_custodial", true);
        form.include_advisors = o->optValue("include_advisors", false);
        form.split_households = o->optValue("split_households", true);
    }
    try {
        save_event(form);
    } catch (const PageError &e) {
        throw PageError(400, file + ": " + e.what());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (event->has("event_id")) event_->set("event_id", event->getValue<std::string>("event_id"));
}

void Workspace::load_previous_file(const std::string &file) {
    std::ifstream in(file);
    if (!in) return; // no earlier import yet: nothing to compare with
    std::stringstream text;
    text << in.rdbuf();
    Object::Ptr roster;
    try {
        roster = parse_members(text.str(), kRosterSummaryMembers);
    } catch (const std::exception &) {
    }
    if (!roster || !roster->has("people"))
        throw PageError(400, file + ": --previous must be a roster JSON file an import wrote");
    std::lock_guard<std::mutex> lock(mutex_);
    published_ = text.str();
    last_roster_ = published_;
    last_summary_ = roster_summary(*roster);
}

bool Workspace::job_running() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return job_.running;
}

bool Workspace::wait_idle(std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(mutex_);
    return idle_.wait_for(lock, timeout, [&] { return !job_.running; });
}

void Workspace::cancel_job() { cancel_ = true; }

void Workspace::start_job(const std::string &kind, std::function<void()> work) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (job_.running) throw PageError(409, "a " + job_.kind + " is running: wait for it or cancel it first");
    if (worker_.joinable()) worker_.join(); // the last job's thread has finished its work
    job_ = Job{};
    job_.kind = kind;
    job_.running = true;
    cancel_ = false;
    worker_ = std::thread([this, kind, work = std::move(work)] {
        const auto start = Clock::now();
        std::string error;
        try {
            work();
        } catch (const PageError &e) {
            error = e.what();
        } catch (const std::exception &e) {
            error = std::string("internal error in sis-host: ") + e.what();
        }
        std::lock_guard<std::mutex> lock(mutex_);
        job_.running = false;
        job_.error = error;
        job_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        idle_.notify_all();
    });
}

void Workspace::start_connect() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        config_json_locked(); // refuse now, with the reason, rather than in the job
    }
    start_job("connect", [this] { run_connect(); });
}

void Workspace::start_import(bool dry_run, bool accept_large_change) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        config_json_locked();
        if (!event_) throw PageError(400, "fill in the event first: its name and grading period");
    }
    start_job(dry_run ? "test_import" : "import",
              [this, dry_run, accept_large_change] { run_import(dry_run, accept_large_change); });
}

void Workspace::load_bookings_file(const std::string &file) {
    auto bookings = read_bookings_file(file);
    std::lock_guard<std::mutex> lock(mutex_);
    bookings_ = bookings;
}

void Workspace::run_connect() {
    job_log("connect: checking credentials, scopes and resources");
    auto inst = instance(&job_services_);
    const auto result = inst->connect();
    Object::Ptr doc;
    try {
        doc = parse_object(result.json);
    } catch (const std::exception &) {
        doc = new Object;
        doc->set("message", result.json);
    }
    if (!doc->has("checks")) { // a failure without a report: keep its message for the checklist
        doc->set("ok", false);
        doc->set("checks", new Array);
    }
    if (!result.ok() && !doc->has("message")) doc->set("message", error_message(result.json));
    std::string type;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        type = setting(config_, "integration_type");
        Array::Ptr urls = new Array;
        if (type.find("sso") != std::string::npos)
            for (const auto &u : plugin()->manifest().sso_redirect_urls) urls->add(u);
        doc->set("redirect_urls_to_add", urls);
        connect_ = doc;
    }
    job_log(std::string("connect: ") + (result.ok() ? "connected" : "not connected (" + failure(result) + ")"));
    if (result.ok() && type != "sso") keep_grading_periods(*doc);
}

// Connect reads the school's grading periods (the event form's choices).
void Workspace::keep_grading_periods(const Object &connect_result) {
    std::vector<std::string> names;
    if (const auto periods = connect_result.getArray("grading_periods"))
        for (std::size_t i = 0; i < periods->size(); ++i)
            if (const auto p = periods->getObject(static_cast<unsigned>(i))) {
                const auto name = p->optValue<std::string>("name", "");
                if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end())
                    names.push_back(name);
            }
    const std::string note = names.empty() ? "the school shows no grading periods: type the period's name" : "";
    job_log("grading periods: " + (names.empty() ? note : std::to_string(names.size()) + " found"));
    std::lock_guard<std::mutex> lock(mutex_);
    grading_periods_ = names;
    grading_periods_note_ = note;
}

void Workspace::run_import(bool dry_run, bool accept_large_change) {
    Object::Ptr request;
    std::string previous; // the last import's text, passed on as it is
    {
        std::lock_guard<std::mutex> lock(mutex_);
        request = parse_object(json_text(*event_)); // a copy
        previous = published_;
        if (bookings_) request->set("bookings", bookings_);
    }
    if (dry_run) request->set("dry_run", true);
    if (accept_large_change) request->set("accept_large_change", true);
    job_log(std::string(dry_run ? "test import" : "import") + " of \"" + request->getValue<std::string>("name") +
            "\"" + (previous.empty() ? "" : ", compared with the last import"));
    auto inst = instance(&job_services_);
    const auto result = inst->import_event(previous.empty() ? json_text(*request)
                                                            : with_member(json_text(*request), "previous", previous));
    if (!result.ok()) {
        job_log("import failed: " + failure(result));
        throw PageError(502, "the import failed (" + failure(result) + "); nothing was published");
    }
    const auto roster = parse_members(result.json, kRosterSummaryMembers);
    auto summary = roster_summary(*roster);
    if (roster->has("held")) {
        // Nothing published: the page shows the hold and its Accept button.
        job_log("held: a large change since the last import; nothing was published (Accept publishes it)");
        std::lock_guard<std::mutex> lock(mutex_);
        held_ = summary;
        held_roster_ = result.json;
        return;
    }
    const auto counts = roster->getObject("counts");
    job_log(summary->getValue<std::string>("title") + ": " +
            std::to_string(counts ? counts->optValue<Poco::Int64>("students", 0) : 0) + " students, " +
            std::to_string(counts ? counts->optValue<Poco::Int64>("teachers", 0) : 0) + " teachers");
    std::lock_guard<std::mutex> lock(mutex_);
    last_roster_ = result.json;
    last_summary_ = summary;
    if (!dry_run) {
        published_ = result.json;
        held_ = nullptr;
        held_roster_.clear();
    }
}

std::string Workspace::last_roster_json() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (last_roster_.empty()) throw PageError(404, "no import yet: run a test import or an import first");
    return last_roster_;
}

std::string Workspace::held_roster_json() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (held_roster_.empty()) throw PageError(404, "no import is held");
    return held_roster_;
}

bool Workspace::last_roster_is_preview() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_summary_ && last_summary_->optValue<bool>("preview", false);
}

std::string Workspace::sso_redirect_url_locked() const {
    const auto version = plugin();
    std::vector<std::string> allowed;
    if (const YAML::Node listed = config_.settings["sso_redirect_urls"]; listed && listed.IsSequence())
        for (const auto &n : listed) allowed.push_back(n.as<std::string>());
    for (const auto &url : version->manifest().sso_redirect_urls)
        if (allowed.empty() || std::find(allowed.begin(), allowed.end(), url) != allowed.end()) return url;
    throw PageError(400, "none of the plugin's SSO redirect URLs is in the school's sso_redirect_urls");
}

std::string Workspace::sso_redirect_url() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sso_redirect_url_locked();
}

SsoBegun Workspace::sso_begin() {
    Object request;
    request.set("action", "begin");
    request.set("redirect_url", sso_redirect_url());
    auto inst = instance(&quiet_services_);
    const auto result = inst->sso(json_text(request));
    if (!result.ok()) throw PageError(502, "Log in with Veracross could not start (" + failure(result) + ")");
    const auto doc = parse_object(result.json);
    SsoBegun begun;
    begun.authorization_url = doc->getValue<std::string>("authorization_url");
    begun.login_context = doc->getValue<std::string>("login_context");
    for (const auto &p : Poco::URI(begun.authorization_url).getQueryParameters())
        if (p.first == "state") begun.state = p.second;
    if (begun.state.empty()) throw PageError(502, "the plugin's authorization URL has no state");
    log_line("SSO: a login started (back to " + doc->optValue<std::string>("redirect_url", "") + ")");
    return begun;
}

Object::Ptr Workspace::sso_complete(const Object::Ptr &callback_query, const std::string &login_context) {
    Object request;
    request.set("action", "complete");
    request.set("callback_query", callback_query);
    request.set("login_context", login_context);
    std::string roster_label;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!last_roster_.empty()) {
            request.set("roster", parse_object(last_roster_));
            roster_label = last_summary_->getValue<std::string>("event_name") +
                           (last_summary_->optValue("preview", false) ? " (test import)" : "");
        }
    }
    auto inst = instance(&quiet_services_);
    const auto result = inst->sso(json_text(request));
    if (!result.ok()) {
        log_line("SSO: the login failed (" + std::string(sis_status_name(result.status)) + ")");
        throw PageError(502, "the login did not complete (" + failure(result) + ")");
    }
    auto doc = parse_object(result.json);
    doc->set("roster_event", roster_label);
    const auto who = doc->getObject("identity");
    log_line("SSO: logged in " + who->optValue<std::string>("display_name", "?"));
    return doc;
}

void Workspace::swap_changed(const sis_host::FolderWatch::Changes &changes) {
    for (const auto &e : changes.manifest_errors) log_line("manifest error: " + e);
    for (const auto &id : changes.ids) {
        try {
            const auto swap = registry_->reload(id);
            log_line(swap.old_version.empty() ? "loaded " + id + " " + swap.new_version
                                              : "swapped " + id + " " + swap.old_version + " -> " + swap.new_version +
                                                    " (" + std::to_string(swap.users_of_old) +
                                                    " call(s) finish on the old one)");
        } catch (const std::runtime_error &e) {
            log_line("refused the new build of " + id + ": " + e.what() + "; the loaded version keeps serving");
        }
    }
}

} // namespace sis_cli

// The one complete secrets sweep: every operation (create, describe,
// connect, list_scopes, import, test import, SSO begin and complete) and
// every error path we can trigger (wrong secret, missing scope, 401, 500,
// 429, revoked tokens, cancellation, bad event, bad config, bad SSO state,
// a refused id_token), through the C ABI and through sis-host, with
// distinctive client secrets. A plain-HTTP relay in front of the simulator
// records every secret that crossed the wire (client secrets, codes, PKCE
// verifiers, access, refresh and id tokens); the sweep then looks for each,
// in every form it could take, in every result, error, log line (all
// levels), progress label, stdout, stderr and written file (rosters,
// OneRoster CSVs, the SSO login context file).
//
// Narrower scans elsewhere: connect/connect_test and connect/shared_client_test
// (client secret and access token in connect results and logs),
// sso/sso_secrets_test (SSO results and logs).
#include "browser.hpp"
#include "recording_relay.hpp"
#include "secrets_sweep.hpp"
#include "simulator.hpp"
#include "sis_host/checked_plugin.hpp"
#include "support/run_process.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <boost/filesystem.hpp>

#include <fstream>
#include <sstream>

using namespace hardening;
namespace fs = boost::filesystem;

namespace {

// Distinctive, and unlike anything else in a transcript.
const std::string kSweepSecret = "SWEEP-client-secret-8c1f5e2a-d4b7-never-shown";
const std::string kWrongSecret = "SWEEP-wrong-secret-3b9d71e0-a6c2-never-shown";
const std::string kRedirect = "https://pickatime.com/client";

std::string json_text(const Poco::JSON::Object &o) {
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

Poco::JSON::Object::Ptr parse(const std::string &json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

// One school whose app has every scope and the sweep's secret, served by a
// simulator behind a recording relay; the plugin loaded once.
struct Sweep {
    Sweep() : school(vcsim::generate_school({"sweep", 21, 60})) {
        school.apps.at(0).client_secret = kSweepSecret;
        client_id = school.apps.at(0).client_id;
        all_scopes = school.apps.at(0).enabled_scopes;
        sim = std::make_unique<vcsim::Simulator>(vcsim::Options{}, std::vector<vcsim::School>{school});
        sim->start();
        relay = std::make_unique<sso_test::RecordingRelay>(sim->http_base_url());
    }

    std::string config(const std::string &secret = kSweepSecret, const std::string &sso_scope = "openid") const {
        Poco::JSON::Object c;
        c.set("school_domain", school.route);
        c.set("client_id", client_id);
        c.set("client_secret", secret);
        c.set("integration_type", "imports_and_sso");
        c.set("sso_scope", sso_scope);
        c.set("accounts_base_url", relay->base_url());
        c.set("api_base_url", relay->base_url());
        c.set("timeout_seconds", 10);
        return json_text(c);
    }

    // The secrets to look for: ours, and every one the relay saw.
    std::set<std::string> secrets() const {
        std::set<std::string> s = relay->secrets();
        s.insert(kSweepSecret);
        s.insert(kWrongSecret);
        return s;
    }

    void fault(vcsim::FaultKind kind, const std::string &path, int status = 500) {
        vcsim::Fault f;
        f.kind = kind;
        f.path = path;
        f.status = status;
        sim->add_fault(f);
    }

    vcsim::School school;
    std::string client_id;
    std::set<std::string> all_scopes;
    std::unique_ptr<vcsim::Simulator> sim;
    std::unique_ptr<sso_test::RecordingRelay> relay;
    sis_host::CheckedPlugin plugin =
        sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml"));
};

// One instance of the plugin whose every word goes to the transcript.
class Recorded {
public:
    Recorded(Sweep &sweep, Transcript &transcript, const std::string &config)
        : transcript_(transcript), host_(transcript) {
        sis_host::CallResult error;
        instance_ = sis_host::Instance::create(sweep.plugin.plugin, config, host_.services(), error);
        transcript_.add("create error", error.json);
        INFO(error.json);
        REQUIRE(instance_);
    }

    sis_host::CallResult connect() { return keep("connect", instance_->connect()); }
    sis_host::CallResult list_scopes(const std::string &request = {}) {
        return keep("list_scopes", instance_->list_scopes(request));
    }
    sis_host::CallResult import(const std::string &event_json) {
        return keep("import_event", instance_->import_event(event_json));
    }
    sis_host::CallResult sso(const Poco::JSON::Object &request) { return keep("sso", instance_->sso(json_text(request))); }

    // begin, the user's login at Veracross, and the callback query.
    struct Begun {
        std::string login_context;
        std::map<std::string, std::string> callback;
    };
    Begun begin_and_log_in(const std::string &login_as) {
        Poco::JSON::Object r;
        r.set("action", "begin");
        r.set("redirect_url", kRedirect);
        const auto begun = sso(r);
        INFO(begun.json);
        REQUIRE(begun.ok());
        const auto doc = parse(begun.json);
        const auto landing =
            sso_test::open_authorization_url(doc->getValue<std::string>("authorization_url"), login_as);
        transcript_.add("callback landing page", landing.body); // Veracross's, not ours: kept for completeness
        REQUIRE(landing.status == 302);
        return {doc->getValue<std::string>("login_context"), landing.query};
    }
    sis_host::CallResult complete(const Begun &b, const Poco::JSON::Object::Ptr &roster = nullptr) {
        Poco::JSON::Object query;
        for (const auto &[name, value] : b.callback) query.set(name, value);
        Poco::JSON::Object r;
        r.set("action", "complete");
        r.set("callback_query", query);
        r.set("login_context", b.login_context);
        if (roster) r.set("roster", roster);
        return sso(r);
    }

    RecordingHost &host() { return host_; }

private:
    sis_host::CallResult keep(const std::string &what, sis_host::CallResult r) {
        transcript_.add(what + " (" + sis_status_name(r.status) + ")", r.json);
        return r;
    }

    Transcript &transcript_;
    RecordingHost host_;
    std::unique_ptr<sis_host::Instance> instance_;
};

std::string event(bool dry_run = false) {
    Poco::JSON::Object e;
    e.set("event_id", "fall");
    e.set("name", "Fall conferences");
    Poco::JSON::Array periods;
    periods.add("Semester 1");
    e.set("grading_periods", periods);
    if (dry_run) e.set("dry_run", true);
    return json_text(e);
}

} // namespace

TEST_CASE("secrets sweep: every operation and error path through the C ABI") {
    Sweep sweep;
    Transcript t;
    t.add("describe", sweep.plugin.plugin->describe().json);

    Recorded good(sweep, t, sweep.config());
    CHECK(good.list_scopes().ok());
    REQUIRE(good.connect().ok());
    CHECK(good.list_scopes(R"({"integration_type":"imports"})").ok());
    const auto imported = good.import(event());
    REQUIRE(imported.ok());
    CHECK(good.import(event(true)).ok());
    CHECK(good.host().progress_calls > 0);
    const auto roster = parse(imported.json);

    // SSO: a login to the end, then every bad state.
    const auto &user = sweep.school.users.front();
    const auto login = good.begin_and_log_in(user.sub);
    CHECK(good.complete(login, roster).ok());
    CHECK(good.complete(login).status == SIS_AUTH_FAILED); // the code again
    auto forged = good.begin_and_log_in(user.sub);
    forged.callback["state"] = "forged-state-value";
    CHECK(good.complete(forged).status == SIS_AUTH_FAILED);
    auto tampered = good.begin_and_log_in(user.sub);
    tampered.login_context[tampered.login_context.size() / 2] ^= 1;
    CHECK_FALSE(good.complete(tampered).ok());
    auto denied = good.begin_and_log_in(user.sub);
    denied.callback = {{"error", "access_denied"}, {"state", denied.callback["state"]}};
    CHECK_FALSE(good.complete(denied).ok());
    vcsim::Fault spoil;
    spoil.kind = vcsim::FaultKind::id_token_wrong_key;
    spoil.count = 1;
    sweep.sim->add_fault(spoil);
    CHECK(good.complete(good.begin_and_log_in(user.sub)).status == SIS_AUTH_FAILED);
    Poco::JSON::Object nonsense;
    nonsense.set("action", "complete");
    nonsense.set("login_context", kSweepSecret); // a host that passes the wrong thing
    CHECK_FALSE(good.sso(nonsense).ok());

    // Revoked tokens mid-way (renewed), a cancelled import.
    sweep.sim->revoke_all_tokens(sweep.school.route);
    CHECK(good.import(event()).ok());
    {
        Recorded cancelled(sweep, t, sweep.config());
        cancelled.host().cancel = true;
        CHECK(cancelled.import(event()).status == SIS_CANCELLED);
    }

    // Failures Veracross answers with.
    {
        Recorded wrong(sweep, t, sweep.config(kWrongSecret));
        CHECK(wrong.connect().status == SIS_AUTH_FAILED);
        CHECK(wrong.import(event()).status == SIS_AUTH_FAILED);
        CHECK(wrong.list_scopes().ok());
    }
    {
        auto fewer = sweep.all_scopes;
        fewer.erase("students:list");
        fewer.erase("sso");
        sweep.sim->set_app_scopes(sweep.school.route, sweep.client_id, fewer);
        Recorded missing(sweep, t, sweep.config());
        CHECK(missing.connect().status == SIS_MISSING_SCOPES);
        CHECK(missing.import(event()).status == SIS_MISSING_SCOPES);
        sweep.sim->set_app_scopes(sweep.school.route, sweep.client_id, sweep.all_scopes);
    }
    for (const int status : {401, 500, 429, 404}) {
        INFO("HTTP " << status);
        sweep.sim->clear_faults();
        sweep.fault(vcsim::FaultKind::status, "v3/students", status);
        Recorded failing(sweep, t, sweep.config());
        CHECK_FALSE(failing.connect().ok());
        if (status == 401 || status == 404) CHECK_FALSE(failing.import(event()).ok()); // not retried: fast
    }
    sweep.sim->clear_faults();
    sweep.fault(vcsim::FaultKind::status, "oauth/token", 500);
    {
        Recorded token_fails(sweep, t, sweep.config());
        CHECK_FALSE(token_fails.connect().ok());
    }
    sweep.sim->clear_faults();

    // What a host may send wrong: events and configs.
    for (const std::string &bad : {std::string("{not json"), std::string(R"({"event_id":"x","name":"y"})"),
                                  std::string(R"({"event_id":"x","name":"y","grading_periods":["No Such Period"]})"),
                                  std::string(R"({"event_id":7,"name":"y","grading_periods":"Semester 1"})")}) {
        CHECK(good.import(bad).status == SIS_INVALID_CONFIG);
    }
    for (const std::string &bad_config :
         {"{\"client_secret\":\"" + kSweepSecret + "\",", // cut short: the parser's message must not quote it
          "{\"client_secret\":\"" + kSweepSecret + "\",\"client_id\":\"x\",\"school_domain\":\"d\",\"integration_type\":\"imports\",\"timeout_seconds\":\"soon\"}",
          "{\"client_secret\":\"" + kSweepSecret + "\",\"client_id\":\"x\",\"school_domain\":\"d\",\"integration_type\":\"imports\",\"secret_copy\":\"" + kSweepSecret + "\"}",
          "{\"client_secret\":[\"" + kSweepSecret + "\"],\"client_id\":\"x\",\"school_domain\":\"d\",\"integration_type\":\"imports\"}"}) {
        sis_host::CallResult error;
        CHECK_FALSE(sis_host::Instance::create(sweep.plugin.plugin, bad_config, nullptr, error));
        CHECK(error.status == SIS_INVALID_CONFIG);
        t.add("create error (bad config)", error.json);
    }

    const auto secrets = sweep.secrets();
    INFO(secrets.size() << " secrets, " << t.size() << " texts");
    CHECK(secrets.size() >= 20); // the relay did see codes, verifiers and tokens
    CHECK(t.size() >= 60);
    t.check_clean(secrets, sweep.client_id);
}

TEST_CASE("secrets sweep: sis-host output, logs and every file it writes") {
    Sweep sweep;
    Transcript t;
    const fs::path dir = fs::temp_directory_path() / fs::unique_path("sis-sweep-%%%%-%%%%");
    fs::create_directories(dir);
    struct Cleanup {
        fs::path dir;
        ~Cleanup() {
            boost::system::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{dir};
    const auto path = [&](const std::string &name) { return (dir / name).string(); };
    std::ofstream(path("school.yaml")) << "school_domain: " << sweep.school.route << "\nclient_id: \""
                                       << sweep.client_id << "\"\nintegration_type: imports_and_sso\nsso_scope: openid\n"
                                       << "accounts_base_url: " << sweep.relay->base_url()
                                       << "\napi_base_url: " << sweep.relay->base_url() << "\n";
    std::ofstream(path("event.yaml")) << "event_id: fall\nname: Fall conferences\ngrading_periods: [Semester 1]\n";
    std::ofstream(path("bad-event.yaml")) << "event_id: fall\nname: [unclosed\n";
    std::ofstream(path("unknown-period.yaml")) << "event_id: fall\nname: Fall\ngrading_periods: [Nope]\n";

    const auto sis_host = [&](std::vector<std::string> args, const std::string &secret = kSweepSecret) {
        args.push_back("--verbose"); // the plugin's debug log on stderr too
        const auto r = test_support::run_process(SIS_HOST_EXE, args, {{"SIS_CLIENT_SECRET", secret}});
        std::string line;
        for (const auto &a : args) line += a + " ";
        t.add("stdout of sis-host " + line, r.out);
        t.add("stderr of sis-host " + line, r.err);
        return r;
    };
    const std::vector<std::string> config{"--config", path("school.yaml")};
    const auto with = [&](std::vector<std::string> a, const std::vector<std::string> &more) {
        a.insert(a.begin() + 1, config.begin(), config.end());
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };

    CHECK(sis_host(with({"connect"}, {})).exit_code == 0);
    CHECK(sis_host(with({"connect"}, {"--json"})).exit_code == 0);
    CHECK(sis_host(with({"scopes"}, {"--check"})).exit_code == 0);
    const auto imported = sis_host(with({"import"}, {"--event", path("event.yaml"), "--out", path("roster.json")}));
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    CHECK(sis_host(with({"import"}, {"--event", path("event.yaml"), "--dry-run", "--json"})).exit_code == 0);
    CHECK(sis_host(with({"import"}, {"--event", path("event.yaml"), "--previous", path("roster.json"), "--out",
                                     path("roster-again.json")}))
              .exit_code == 0);
    CHECK(sis_host(with({"import"}, {"--event", path("event.yaml"), "--format", "oneroster-csv", "--out",
                                     path("oneroster")}))
              .exit_code == 0);

    // SSO by hand: begin writes the sealed login context, complete reads it.
    const auto begun = sis_host(with({"sso", "begin"}, {"--redirect-url", kRedirect, "--context", path("login.ctx"), "--json"}));
    REQUIRE(begun.exit_code == 0);
    const std::string sealed = [&] {
        std::ifstream in(path("login.ctx"));
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }();
    t.add("file login.ctx (before complete removes it)", sealed);
    CHECK(sealed.size() > 100);
    const auto landing = sso_test::open_authorization_url(parse(begun.out)->getValue<std::string>("authorization_url"),
                                                          sweep.school.users.front().sub);
    REQUIRE(landing.status == 302);
    const auto done = sis_host(with({"sso", "complete"}, {"--context", path("login.ctx"), "--callback-url",
                                                          landing.location, "--roster", path("roster.json")}));
    CHECK(done.exit_code == 0);
    // Again with the used code: refused, and the context file is written anew first.
    CHECK(sis_host(with({"sso", "begin"}, {"--redirect-url", kRedirect, "--context", path("login2.ctx")})).exit_code == 0);
    CHECK(sis_host(with({"sso", "complete"}, {"--context", path("login2.ctx"), "--callback-url", landing.location}))
              .exit_code != 0);

    // Failures.
    CHECK(sis_host(with({"connect"}, {}), kWrongSecret).exit_code == 12);
    CHECK(sis_host(with({"import"}, {"--event", path("event.yaml"), "--out", path("never.json")}), kWrongSecret)
              .exit_code == 12);
    CHECK(sis_host(with({"import"}, {"--event", path("bad-event.yaml")})).exit_code != 0);
    CHECK(sis_host(with({"import"}, {"--event", path("unknown-period.yaml"), "--json"})).exit_code != 0);
    sweep.fault(vcsim::FaultKind::status, "v3/parents", 500);
    CHECK(sis_host(with({"connect"}, {"--json"})).exit_code != 0);
    sweep.sim->clear_faults();

    t.add_files(dir);
    CHECK(t.files() >= 4); // roster.json, roster-again.json, OneRoster CSVs, login2.ctx
    CHECK_FALSE(fs::exists(path("never.json")));
    const auto secrets = sweep.secrets();
    INFO(secrets.size() << " secrets, " << t.size() << " texts");
    CHECK(secrets.size() >= 10);
    t.check_clean(secrets, sweep.client_id);
}

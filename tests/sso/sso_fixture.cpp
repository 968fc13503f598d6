#include "sso_fixture.hpp"

#include "sso/login_context.hpp" // the plugin's Config

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <algorithm>
#include <sstream>

namespace sso_test {
namespace {

const sis_host::CheckedPlugin &plugin() {
    static const sis_host::CheckedPlugin p =
        sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml"));
    return p;
}

std::string json_text(const Poco::JSON::Object &o) {
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

std::vector<Poco::JSON::Object::Ptr> objects(const Poco::JSON::Object &doc, const std::string &name) {
    std::vector<Poco::JSON::Object::Ptr> out;
    const auto list = doc.getArray(name);
    for (std::size_t i = 0; list && i < list->size(); ++i) out.push_back(list->getObject(static_cast<unsigned>(i)));
    return out;
}

std::string text(const Poco::JSON::Object &o, const std::string &name) {
    return o.isNull(name) ? std::string() : o.optValue<std::string>(name, "");
}

} // namespace

SsoFixture::SsoFixture(const std::string &scope) : school(vcsim::generate_school({"demo", 7, 50})), sso_scope(scope) {
    school.users.push_back(kOutsider);
    sim = std::make_unique<vcsim::Simulator>(vcsim::Options{}, std::vector<vcsim::School>{school});
    sim->start();
    base_url = sim->https_base_url();
}

SsoFixture::~SsoFixture() = default;

std::string SsoFixture::config_json(const Poco::JSON::Object &overrides) const {
    Poco::JSON::Object c;
    c.set("school_domain", school.route);
    c.set("client_id", school.apps.at(0).client_id);
    c.set("client_secret", school.apps.at(0).client_secret);
    c.set("integration_type", "imports_and_sso");
    c.set("sso_scope", sso_scope);
    c.set("accounts_base_url", base_url);
    c.set("api_base_url", base_url);
    c.set("tls_ca_file", vcsim::test_ca_file());
    c.set("timeout_seconds", 10);
    for (const auto &kv : overrides) c.set(kv.first, kv.second);
    return json_text(c);
}

veracross::Config SsoFixture::config() const { return veracross::parse_config(config_json()); }

sis_host::Instance &SsoFixture::instance() {
    if (!instance_) {
        services_.struct_size = sizeof services_;
        services_.user_data = this;
        services_.log = on_log;
        sis_host::CallResult error;
        instance_ = sis_host::Instance::create(plugin().plugin, config_json(), &services_, error);
        INFO(error.json);
        REQUIRE(instance_);
    }
    return *instance_;
}

void SsoFixture::on_log(void *self, sis_log_level, const char *message) {
    auto *me = static_cast<SsoFixture *>(self);
    std::lock_guard<std::mutex> lock(me->transcript_mutex_);
    me->transcript_.emplace_back(message);
}

Outcome SsoFixture::outcome(const sis_host::CallResult &r) {
    {
        std::lock_guard<std::mutex> lock(transcript_mutex_);
        transcript_.push_back(r.json);
    }
    Outcome o{r.status, r.json, Poco::JSON::Parser().parse(r.json).extract<Poco::JSON::Object::Ptr>()};
    INFO(o.json);
    CHECK(o.doc);
    return o;
}

Outcome SsoFixture::sso(const Poco::JSON::Object &request) { return sso_text(json_text(request)); }

Outcome SsoFixture::sso_text(const std::string &request_json) { return outcome(instance().sso(request_json)); }

Outcome SsoFixture::begin(const std::string &redirect_url) {
    Poco::JSON::Object r;
    r.set("action", "begin");
    r.set("redirect_url", redirect_url);
    return sso(r);
}

Outcome SsoFixture::complete(const std::map<std::string, std::string> &callback_query, const std::string &login_context,
                             const Poco::JSON::Object::Ptr &roster) {
    Poco::JSON::Object query;
    for (const auto &[name, value] : callback_query) query.set(name, value);
    Poco::JSON::Object r;
    r.set("action", "complete");
    r.set("callback_query", query);
    r.set("login_context", login_context);
    if (roster) r.set("roster", roster);
    return sso(r);
}

SsoFixture::Login SsoFixture::login(const std::string &login_as, const Poco::JSON::Object::Ptr &roster) {
    Login l;
    l.begun = begin();
    INFO(l.begun.json);
    REQUIRE(l.begun.status == SIS_OK);
    l.landing = open_authorization_url(l.begun.doc->getValue<std::string>("authorization_url"), login_as);
    INFO(l.landing.body);
    REQUIRE(l.landing.status == 302);
    REQUIRE(l.landing.location.rfind(kRedirect + "?", 0) == 0);
    l.completed = complete(l.landing.query, l.begun.doc->getValue<std::string>("login_context"), roster);
    return l;
}

void SsoFixture::spoil_next_id_token(vcsim::FaultKind kind) {
    vcsim::Fault fault;
    fault.kind = kind;
    fault.count = 1;
    sim->add_fault(fault);
}

Poco::JSON::Object::Ptr SsoFixture::roster() {
    if (roster_) return roster_;
    Poco::JSON::Object event;
    event.set("event_id", "fall");
    event.set("name", "Fall conferences");
    Poco::JSON::Array periods;
    periods.add("Semester 1");
    event.set("grading_periods", periods);
    const auto r = instance().import_event(json_text(event));
    INFO(r.json);
    REQUIRE(r.status == SIS_OK);
    roster_ = Poco::JSON::Parser().parse(r.json).extract<Poco::JSON::Object::Ptr>();
    return roster_;
}

const vcsim::LoginUser &SsoFixture::bookable_parent() {
    const auto people = objects(*roster(), "people");
    const auto unique_email = [&](const std::string &email) {
        return !email.empty() && std::count_if(people.begin(), people.end(), [&](const auto &p) {
                                     return Poco::icompare(text(*p, "email"), email) == 0;
                                 }) == 1;
    };
    for (const auto &entry : objects(*roster(), "conference")) {
        const std::string parent = entry->getValue<std::string>("parent_id");
        for (const auto &user : school.users)
            if (std::to_string(user.person_id) == parent && unique_email(user.email)) return user;
    }
    FAIL("no parent who may book has a Veracross account with an email of their own");
    throw std::logic_error("unreachable");
}

const vcsim::LoginUser &SsoFixture::event_teacher() {
    for (const auto &p : objects(*roster(), "people")) {
        if (text(*p, "kind") != "teacher") continue;
        for (const auto &user : school.users)
            if (std::to_string(user.person_id) == text(*p, "id") && !user.email.empty()) return user;
    }
    FAIL("no teacher of the event has a Veracross account");
    throw std::logic_error("unreachable");
}

std::vector<std::string> SsoFixture::transcript() const {
    std::lock_guard<std::mutex> lock(transcript_mutex_);
    return transcript_;
}

void SsoFixture::check_no_secrets(const std::vector<std::string> &secrets) const {
    const auto lines = transcript();
    CHECK(!lines.empty());
    for (const auto &secret : secrets) {
        REQUIRE(secret.size() >= 8); // a short "secret" would match by chance
        for (const auto &line : lines) {
            INFO("a secret (" << secret.size() << " characters) is in: " << line);
            CHECK(line.find(secret) == std::string::npos);
        }
    }
}

} // namespace sso_test

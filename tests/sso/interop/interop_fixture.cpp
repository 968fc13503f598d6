// The plugin against the interop provider (see interop_fixture.hpp).
#include "interop_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/StringTokenizer.h>

#include <sstream>

namespace interop {
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

const char *const kRoster = R"({
  "people": [
    {"id": "10", "kind": "teacher", "display_name": "Ann Teach", "email": "ann@school.org", "username": "jane.doe"},
    {"id": "30", "kind": "parent", "display_name": "Jane Doe", "email": "jane@example.org", "username": "jdoe"},
    {"id": "31", "kind": "parent", "display_name": "Pat Home", "email": "home@family.org", "username": "pat.home"},
    {"id": "32", "kind": "parent", "display_name": "Sam Home", "email": "home@family.org", "username": "sam.home"}
  ],
  "links": [
    {"parent_id": "30", "student_id": "20", "may_book": true},
    {"parent_id": "31", "student_id": "20", "may_book": true},
    {"parent_id": "32", "student_id": "20", "may_book": true}
  ],
  "conference": [
    {"parent_id": "30", "teachers": [
      {"teacher_id": "10", "for": [{"student_id": "20", "class_id": "500", "reason": "class"}]}]}
  ]
})";

} // namespace

std::string Outcome::code() const { return text("code"); }

std::string Outcome::text(const std::string &path) const {
    Poco::JSON::Object::Ptr at = doc;
    Poco::StringTokenizer parts(path, ".");
    for (std::size_t i = 0; at && i < parts.count(); ++i) {
        const std::string &name = parts[i];
        if (i + 1 == parts.count())
            return at->has(name) && at->get(name).isString() ? at->getValue<std::string>(name) : std::string();
        at = at->getObject(name);
    }
    return {};
}

Poco::JSON::Object::Ptr test_roster() {
    return Poco::JSON::Parser().parse(kRoster).extract<Poco::JSON::Object::Ptr>();
}

InteropFixture::InteropFixture(const std::string &sso_scope, const Poco::JSON::Object &config)
    : sso_scope_(sso_scope), overrides_(config) {}

InteropFixture::~InteropFixture() = default;

std::string InteropFixture::config_json() const {
    Poco::JSON::Object c;
    c.set("school_domain", kRoute);
    c.set("client_id", kClientId);
    c.set("client_secret", kClientSecret);
    c.set("integration_type", "sso");
    c.set("sso_scope", sso_scope_);
    c.set("accounts_base_url", provider.origin());
    c.set("api_base_url", provider.origin());
    c.set("tls_ca_file", test_ca_file());
    c.set("timeout_seconds", 10);
    for (const auto &kv : overrides_) c.set(kv.first, kv.second);
    return json_text(c);
}

sis_host::Instance &InteropFixture::instance() {
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

void InteropFixture::on_log(void *self, sis_log_level, const char *message) {
    auto *me = static_cast<InteropFixture *>(self);
    std::lock_guard<std::mutex> lock(me->transcript_mutex_);
    me->transcript_.emplace_back(message);
}

Outcome InteropFixture::outcome(const sis_host::CallResult &r) {
    {
        std::lock_guard<std::mutex> lock(transcript_mutex_);
        transcript_.push_back(r.json);
    }
    Outcome o{r.status, r.json, Poco::JSON::Parser().parse(r.json).extract<Poco::JSON::Object::Ptr>()};
    INFO(o.json);
    CHECK(o.doc);
    return o;
}

Outcome InteropFixture::sso(const Poco::JSON::Object &request) { return outcome(instance().sso(json_text(request))); }

Outcome InteropFixture::begin(const std::string &redirect_url) {
    Poco::JSON::Object r;
    r.set("action", "begin");
    r.set("redirect_url", redirect_url);
    return sso(r);
}

Outcome InteropFixture::complete(const std::map<std::string, std::string> &callback_query,
                                 const std::string &login_context, const Poco::JSON::Object::Ptr &roster) {
    Poco::JSON::Object query;
    for (const auto &[name, value] : callback_query) query.set(name, value);
    Poco::JSON::Object r;
    r.set("action", "complete");
    r.set("callback_query", query);
    r.set("login_context", login_context);
    if (roster) r.set("roster", roster);
    return sso(r);
}

InteropFixture::Login InteropFixture::begin_and_land(const Account &who, const std::string &redirect_url,
                                                     const std::string &consent) {
    Login l;
    l.begun = begin(redirect_url);
    INFO(l.begun.json);
    REQUIRE(l.begun.status == SIS_OK);
    l.landing = provider.browse(l.begun.text("authorization_url"), who, consent);
    INFO(l.landing.page);
    REQUIRE(l.landing.location.rfind(redirect_url + "?", 0) == 0);
    return l;
}

InteropFixture::Login InteropFixture::login(const Account &who, const Poco::JSON::Object::Ptr &roster,
                                            const std::string &redirect_url, const std::string &consent) {
    Login l = begin_and_land(who, redirect_url, consent);
    l.completed = complete(l.landing.query, l.begun.text("login_context"), roster);
    return l;
}

std::vector<std::string> InteropFixture::transcript() const {
    std::lock_guard<std::mutex> lock(transcript_mutex_);
    return transcript_;
}

void InteropFixture::check_no_secrets(const std::vector<std::string> &secrets) const {
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

} // namespace interop

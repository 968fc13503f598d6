#include "plugin_harness.hpp"

#include "sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>

namespace connect_test {
namespace {

const sis_host::CheckedPlugin &plugin() {
    static const sis_host::CheckedPlugin p =
        sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml"));
    return p;
}

} // namespace

PluginInstance::PluginInstance(const std::string &config_json) {
    services_.struct_size = sizeof services_;
    services_.user_data = this;
    services_.log = on_log;
    services_.is_cancelled = on_cancel_check;
    sis_host::CallResult error;
    instance_ = sis_host::Instance::create(plugin().plugin, config_json, &services_, error);
    INFO(error.json);
    REQUIRE(instance_);
}

void PluginInstance::on_log(void *self, sis_log_level level, const char *message) {
    auto *me = static_cast<PluginInstance *>(self);
    std::lock_guard<std::mutex> lock(me->log_mutex_);
    me->logs_.push_back(std::to_string(static_cast<int>(level)) + " " + message);
}

int PluginInstance::on_cancel_check(void *self) {
    return static_cast<PluginInstance *>(self)->cancelled_ ? 1 : 0;
}

Outcome PluginInstance::outcome(const sis_host::CallResult &r) {
    Outcome o;
    o.status = r.status;
    o.json = r.json;
    o.doc = Poco::JSON::Parser().parse(r.json).extract<Poco::JSON::Object::Ptr>();
    std::lock_guard<std::mutex> lock(log_mutex_);
    o.logs = logs_;
    return o;
}

Outcome PluginInstance::connect() { return outcome(instance_->connect()); }

Outcome PluginInstance::list_scopes(const std::string &request) {
    return outcome(instance_->list_scopes(request));
}

void check_schema_keys(const Poco::JSON::Object::Ptr &doc, const std::string &schema) {
    std::ifstream in(SIS_SOURCE_DIR "/plugin_api/schemas/" + schema);
    std::stringstream text;
    text << in.rdbuf();
    const auto s = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
    INFO(schema);
    for (const auto &key : *s->getArray("required")) CHECK(doc->has(key.toString()));
    if (s->optValue("additionalProperties", true)) return;
    const auto known = s->getObject("properties");
    for (const auto &kv : *doc) CHECK(known->has(kv.first));
}

void check_no_secret(const std::string &text) {
    CHECK(text.find(kSecret) == std::string::npos);
}

void check_no_secret(const Outcome &o) {
    check_no_secret(o.json);
    for (const auto &line : o.logs) check_no_secret(line);
}

} // namespace connect_test

// The Veracross plugin loaded through its manifest and C ABI, as a host
// loads it, with the log callback captured and cancellation controllable.
#pragma once

#include "sis_host/checked_plugin.hpp"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace connect_test {

struct Outcome {
    sis_status status = SIS_INTERNAL;
    std::string json;
    Poco::JSON::Object::Ptr doc;   // json parsed
    std::vector<std::string> logs; // every log line of the instance so far
};

class PluginInstance {
public:
    // REQUIREs that create succeeds.
    explicit PluginInstance(const std::string &config_json);

    Outcome connect();
    Outcome list_scopes(const std::string &request = {});
    void cancel() { cancelled_ = true; }

private:
    Outcome outcome(const sis_host::CallResult &r);
    static void on_log(void *self, sis_log_level level, const char *message);
    static int on_cancel_check(void *self);

    std::mutex log_mutex_;
    std::vector<std::string> logs_;
    std::atomic<bool> cancelled_{false};
    sis_host_services services_{};
    std::unique_ptr<sis_host::Instance> instance_;
};

// Checks `doc` against the top level of plugin_api/schemas/<schema>: every
// required key present, and no key the schema does not know when it says
// additionalProperties false.
void check_schema_keys(const Poco::JSON::Object::Ptr &doc, const std::string &schema);

// Fails the test when `text` contains the fixture's client secret.
void check_no_secret(const std::string &text);
void check_no_secret(const Outcome &o);

} // namespace connect_test

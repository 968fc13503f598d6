// The one exception type of the plugin: it carries the ABI status, a machine
// code and a message an admin can act on. The ABI glue turns it into the
// error JSON; nothing else ever reaches the host.
#pragma once

#include "sis_plugin.h"

#include <Poco/JSON/Object.h>

#include <stdexcept>
#include <string>

namespace veracross {

class PluginError : public std::runtime_error {
public:
    PluginError(sis_status status, std::string code, const std::string &message,
                Poco::JSON::Object::Ptr details = nullptr)
        : std::runtime_error(message), status_(status), code_(std::move(code)),
          details_(std::move(details)) {}

    sis_status status() const { return status_; }
    const std::string &code() const { return code_; }
    // Extra machine-readable fields merged into the error JSON (may be null).
    const Poco::JSON::Object::Ptr &details() const { return details_; }

private:
    sis_status status_;
    std::string code_;
    Poco::JSON::Object::Ptr details_;
};

inline PluginError invalid_config(const std::string &field, const std::string &problem) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("field", field);
    return PluginError(SIS_INVALID_CONFIG, "invalid_field", field + ": " + problem, d);
}

} // namespace veracross

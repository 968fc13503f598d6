// The one exception type of the plugin: it carries what went wrong (a
// Status), a machine code and a message an admin can act on. abi/ turns it
// into the C ABI's status and error JSON; nothing else ever reaches the host.
#pragma once

#include <Poco/JSON/Object.h>

#include <stdexcept>
#include <string>

namespace veracross {

// What went wrong, in the plugin's own terms; abi/ maps each to the C ABI's
// sis_status of the same name.
enum class Status {
    invalid_config, // config or request JSON is wrong: fix the named field
    auth_failed,    // client id/secret refused, or a login failed
    missing_scopes, // the OAuth application lacks scopes the integration needs
    not_found,      // school route or record unknown
    network,        // DNS, connection refused, timeout, connection dropped
    tls,            // certificate not trusted, wrong host name, handshake failed
    rate_limited,   // the rate limit was hit and retries did not help
    remote_error,   // Veracross answered with 5xx or an unexpected body
    cancelled,      // the host said stop
    unsupported,    // this plugin does not implement the operation
    internal,       // a bug in the plugin
};

// The status's name as results and errors spell it, e.g. "remote_error".
const char *status_name(Status status);

class PluginError : public std::runtime_error {
public:
    PluginError(Status status, std::string code, const std::string &message,
                Poco::JSON::Object::Ptr details = nullptr)
        : std::runtime_error(message), status_(status), code_(std::move(code)),
          details_(std::move(details)) {}

    Status status() const { return status_; }
    const std::string &code() const { return code_; }
    // Extra machine-readable fields merged into the error JSON (may be null).
    const Poco::JSON::Object::Ptr &details() const { return details_; }

private:
    Status status_;
    std::string code_;
    Poco::JSON::Object::Ptr details_;
};

// The host cancelled (Status::cancelled): an exchange or a step stopped.
inline PluginError cancelled_error() {
    return PluginError(Status::cancelled, "cancelled", "Stopped: the operation was cancelled.");
}

inline PluginError invalid_config(const std::string &field, const std::string &problem) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("field", field);
    return PluginError(Status::invalid_config, "invalid_field", field + ": " + problem, d);
}

} // namespace veracross

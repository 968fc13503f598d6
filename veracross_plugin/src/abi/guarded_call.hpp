// How every ABI function runs its body: whatever it throws becomes a status
// and an error JSON string (handed out through the StringRegistry); host
// bugs (HostMisuse) get SIS_INVALID_ARGUMENT or SIS_BUSY, never an admin's
// SIS_INVALID_CONFIG. Nothing thrown leaves a guarded call.
#pragma once

#include "abi/instance_registry.hpp"
#include "sis_plugin.h"

#include <functional>
#include <stdexcept>
#include <string>

namespace veracross {

// A mistake of the host's program (not of an admin's settings).
class HostMisuse : public std::runtime_error {
public:
    HostMisuse(sis_status status, std::string code, const std::string &message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    sis_status status() const { return status_; }
    const std::string &code() const { return code_; }

private:
    sis_status status_;
    std::string code_;
};

// Runs `body` (returns the result JSON; "" means no JSON) and reports through
// *out_json. A NULL out_json is SIS_INVALID_ARGUMENT with nothing written.
sis_status run_guarded(char **out_json, const std::function<std::string()> &body) noexcept;

// The instance behind `handle`, held for this call. Throws HostMisuse for
// an unknown handle (SIS_INVALID_ARGUMENT) or one already in a call (SIS_BUSY).
class HeldInstance {
public:
    explicit HeldInstance(const sis_instance *handle);
    SchoolConnection &connection() { return *hold_.slot().connection; }

private:
    CallHold hold_;
};

} // namespace veracross

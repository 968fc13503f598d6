// Every outcome of an ABI call as a status and a JSON string
// (see guarded_call.hpp).
#include "abi/guarded_call.hpp"

#include "abi/abi_conversions.hpp"
#include "abi/string_registry.hpp"
#include "common/plugin_error.hpp"

#include <Poco/JSON/Object.h>

#include <new>
#include <sstream>
#include <vector>

namespace veracross {
namespace {

std::string error_json(sis_status status, const std::string &code, const std::string &message,
                       const Poco::JSON::Object::Ptr &details = nullptr) {
    Poco::JSON::Object obj(Poco::JSON_PRESERVE_KEY_ORDER);
    obj.set("status", std::string(sis_status_name(status)));
    obj.set("code", code);
    obj.set("message", message);
    if (details) {
        std::vector<std::string> names;
        details->getNames(names);
        for (const auto &n : names) obj.set(n, details->get(n));
    }
    std::ostringstream out;
    obj.stringify(out);
    return out.str();
}

} // namespace

sis_status run_guarded(char **out_json, const std::function<std::string()> &body) noexcept {
    if (!out_json) return SIS_INVALID_ARGUMENT;
    *out_json = nullptr;
    sis_status status = SIS_INTERNAL;
    std::string text;
    try {
        text = body();
        status = SIS_OK;
    } catch (const PluginError &e) {
        status = to_sis_status(e.status());
        try {
            text = error_json(status, e.code(), e.what(), e.details());
        } catch (...) {
            text.clear();
        }
    } catch (const HostMisuse &e) {
        status = e.status();
        try {
            text = error_json(status, e.code(), e.what());
        } catch (...) {
            text.clear();
        }
    } catch (const std::bad_alloc &) {
        status = SIS_INTERNAL;
        text = R"({"status":"internal","code":"out_of_memory","message":"out of memory"})";
    } catch (...) {
        // std::exception texts from libraries may quote input; keep them out.
        status = SIS_INTERNAL;
        text = R"({"status":"internal","code":"unexpected","message":"unexpected internal error in the Veracross plugin"})";
    }
    if (status != SIS_OK || !text.empty()) *out_json = StringRegistry::get().hand_out(text);
    return status;
}

namespace {
std::shared_ptr<InstanceSlot> slot_or_throw(const sis_instance *handle) {
    auto slot = InstanceRegistry::get().find(handle);
    if (!slot)
        throw HostMisuse(SIS_INVALID_ARGUMENT, "no_instance",
                         "the instance handle is NULL, already destroyed or was never made by this plugin");
    return slot;
}
} // namespace

HeldInstance::HeldInstance(const sis_instance *handle) : hold_(slot_or_throw(handle)) {
    if (!hold_.held())
        throw HostMisuse(SIS_BUSY, "busy",
                         "the instance is already in a call: calls on one instance must not overlap "
                         "(wait for the call to return, or use another instance)");
}

} // namespace veracross

// The entry point and the function table: C calls in, C++ calls on a
// SchoolConnection, every outcome a status and a JSON string
// (guarded_call.hpp). Handles are checked ids (instance_registry.hpp),
// strings are tracked (string_registry.hpp): no misuse by the host crashes it.
#include "sis_plugin.h"

#include "abi/abi_conversions.hpp"
#include "abi/guarded_call.hpp"
#include "abi/instance_registry.hpp"
#include "abi/plugin_extensions.hpp"
#include "abi/string_registry.hpp"
#include "config/config.hpp"
#include "config/plugin_manifest.hpp"

#include <memory>

namespace {

using veracross::HostMisuse;
using veracross::PluginError;

std::string text_or_empty(const char *s) { return s ? std::string(s) : std::string(); }

sis_status op_describe(char **out_json) {
    return veracross::run_guarded(out_json, [] { return veracross::PluginManifest::get().describe_json(); });
}

sis_status op_create(const char *config_json, const sis_host_services *host, sis_instance **out_instance,
                     char **out_json) {
    if (out_instance) *out_instance = nullptr;
    sis_instance *made = nullptr;
    const sis_status status = veracross::run_guarded(out_json, [&]() -> std::string {
        if (!out_instance)
            throw HostMisuse(SIS_INVALID_ARGUMENT, "no_out_instance", "create needs somewhere to put the instance");
        if (!config_json)
            throw HostMisuse(SIS_INVALID_ARGUMENT, "no_config", "create needs the config JSON, got NULL");
        const std::string problem = veracross::host_services_problem(host);
        if (!problem.empty()) throw HostMisuse(SIS_INVALID_ARGUMENT, "bad_host_services", problem);
        const auto version = veracross::host_abi_version(host);
        // 0: a host that zero-filled the struct and did not say (taken as 1.x).
        if (version.major != 0 && version.major != SIS_ABI_MAJOR)
            throw HostMisuse(SIS_INVALID_ARGUMENT, "host_abi_major",
                             "the host says ABI " + std::to_string(version.major) + "." +
                                 std::to_string(version.minor) + " but this plugin serves ABI " +
                                 std::to_string(SIS_ABI_MAJOR) + ".x only");
        auto slot = std::make_shared<veracross::InstanceSlot>();
        // The ABI's cancel counts as the host's is_cancelled saying stop.
        veracross::InstanceSlot *raw = slot.get();
        slot->connection = std::make_unique<veracross::SchoolConnection>(
            veracross::parse_config(config_json),
            veracross::host_services_from(host, [raw] { return raw->cancel_requested.load(); }));
        made = veracross::InstanceRegistry::get().add(std::move(slot));
        return {};
    });
    if (status == SIS_OK) *out_instance = made;
    return status;
}

void op_destroy(sis_instance *instance) { (void)veracross::InstanceRegistry::get().destroy(instance); }

sis_status op_destroy_checked(sis_instance *instance) {
    try {
        return veracross::InstanceRegistry::get().destroy(instance);
    } catch (...) {
        return SIS_INTERNAL;
    }
}

sis_status op_connect(sis_instance *instance, char **out_json) {
    return veracross::run_guarded(out_json, [&] { return veracross::HeldInstance(instance).connection().connect(); });
}

sis_status op_list_scopes(sis_instance *instance, const char *request_json, char **out_json) {
    return veracross::run_guarded(out_json, [&] {
        return veracross::HeldInstance(instance).connection().list_scopes(text_or_empty(request_json));
    });
}

sis_status op_import_event(sis_instance *instance, const char *event_json, char **out_json) {
    return veracross::run_guarded(out_json, [&] {
        return veracross::HeldInstance(instance).connection().import_event(text_or_empty(event_json));
    });
}

sis_status op_sso(sis_instance *instance, const char *request_json, char **out_json) {
    return veracross::run_guarded(out_json, [&] {
        return veracross::HeldInstance(instance).connection().sso(text_or_empty(request_json));
    });
}

void op_free_string(char *json) { (void)veracross::StringRegistry::get().take_back(json); }

sis_status op_free_string_checked(char *json) {
    return veracross::StringRegistry::get().take_back(json) ? SIS_OK : SIS_INVALID_ARGUMENT;
}

sis_status op_cancel(sis_instance *instance) {
    try {
        const auto slot = veracross::InstanceRegistry::get().find(instance);
        if (!slot) return SIS_INVALID_ARGUMENT;
        slot->cancel_requested = true; // before the cut: a request that starts after sees it
        std::lock_guard<std::mutex> lock(slot->cancel_mutex);
        if (slot->connection) slot->connection->interrupt(); // none once destroyed
        return SIS_OK;
    } catch (...) {
        return SIS_INTERNAL;
    }
}

const sis_plugin_table kTable = {
    SIS_TABLE_HEAD(sizeof(sis_plugin_table), SIS_ABI_MAJOR, SIS_ABI_MINOR),
    op_describe,
    op_create,
    op_destroy,
    op_connect,
    op_list_scopes,
    op_import_event,
    op_sso,
    op_free_string,
    // 1.1
    op_destroy_checked,
    op_free_string_checked,
    op_cancel,
    veracross::plugin_extension,
};

} // namespace

// A table only for the major it serves: a host of another major gets NULL.
extern "C" SIS_PLUGIN_EXPORT const sis_plugin_table *sis_plugin_entry(uint32_t host_abi_major) {
    return host_abi_major == SIS_ABI_MAJOR ? &kTable : nullptr;
}

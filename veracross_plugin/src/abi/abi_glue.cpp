// The only file that knows the C ABI: it turns C calls into C++ calls on a
// SchoolConnection and every outcome, including any exception, into a status
// and a JSON string. Nothing thrown ever leaves this file.
#include "sis_plugin.h"

#include "abi/abi_conversions.hpp"
#include "config/config.hpp"
#include "common/plugin_error.hpp"
#include "config/plugin_manifest.hpp"
#include "operations/school_connection.hpp"

#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <sstream>

struct sis_instance {
    std::unique_ptr<veracross::SchoolConnection> connection;
};

namespace {

char *copy_out(const std::string &s) noexcept {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

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

// Runs `body` (which returns the result JSON) and reports through out_json.
template <class Body> sis_status guarded(char **out_json, Body &&body) noexcept {
    if (!out_json) return SIS_INVALID_CONFIG;
    *out_json = nullptr;
    sis_status status = SIS_INTERNAL;
    std::string text;
    try {
        text = body();
        status = SIS_OK;
    } catch (const veracross::PluginError &e) {
        status = veracross::to_sis_status(e.status());
        try {
            text = error_json(status, e.code(), e.what(), e.details());
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
    *out_json = copy_out(text);
    return status;
}

veracross::SchoolConnection &connection_of(sis_instance *instance) {
    if (!instance || !instance->connection)
        throw veracross::PluginError(veracross::Status::invalid_config, "no_instance",
                                     "the instance is NULL or already destroyed");
    return *instance->connection;
}

std::string text_or_empty(const char *s) { return s ? std::string(s) : std::string(); }

sis_status op_describe(char **out_json) {
    return guarded(out_json, [] { return veracross::PluginManifest::get().describe_json(); });
}

sis_status op_create(const char *config_json, const sis_host_services *host,
                     sis_instance **out_instance, char **out_json) {
    if (out_instance) *out_instance = nullptr;
    sis_instance *made = nullptr;
    const sis_status status = guarded(out_json, [&]() -> std::string {
        if (!out_instance)
            throw veracross::PluginError(veracross::Status::invalid_config, "no_out_instance",
                                         "create needs somewhere to put the instance");
        if (!config_json)
            throw veracross::PluginError(veracross::Status::invalid_config, "no_config", "config: is missing");
        auto conn = std::make_unique<veracross::SchoolConnection>(
            veracross::parse_config(config_json), veracross::host_services_from(host));
        made = new sis_instance{std::move(conn)};
        return {};
    });
    if (status == SIS_OK) {
        std::free(*out_json); // success of create carries no JSON
        *out_json = nullptr;
        *out_instance = made;
    }
    return status;
}

void op_destroy(sis_instance *instance) { delete instance; }

sis_status op_connect(sis_instance *instance, char **out_json) {
    return guarded(out_json, [&] { return connection_of(instance).connect(); });
}

sis_status op_list_scopes(sis_instance *instance, const char *request_json, char **out_json) {
    return guarded(out_json,
                   [&] { return connection_of(instance).list_scopes(text_or_empty(request_json)); });
}

sis_status op_import_event(sis_instance *instance, const char *event_json, char **out_json) {
    return guarded(out_json,
                   [&] { return connection_of(instance).import_event(text_or_empty(event_json)); });
}

sis_status op_sso(sis_instance *instance, const char *request_json, char **out_json) {
    return guarded(out_json, [&] { return connection_of(instance).sso(text_or_empty(request_json)); });
}

void op_free_string(char *json) { std::free(json); }

const sis_plugin_table kTable = {
    sizeof(sis_plugin_table), SIS_ABI_MAJOR, SIS_ABI_MINOR, op_describe, op_create,
    op_destroy,               op_connect,    op_list_scopes, op_import_event, op_sso,
    op_free_string,
};

} // namespace

// Always answers with the table: its abi_major lets the host name both
// versions when they disagree.
extern "C" SIS_PLUGIN_EXPORT const sis_plugin_table *sis_plugin_entry(uint32_t host_abi_major) {
    (void)host_abi_major;
    return &kTable;
}

/*
 * sis_plugin.h - the stable C ABI between pickAtime hosts and SIS plugins.
 *
 * Compiles as C99 and as C++17. Nothing C++ crosses this boundary.
 *
 * Loading
 *   A plugin exports exactly one symbol, sis_plugin_entry. The host calls it
 *   with its own SIS_ABI_MAJOR; the plugin returns a pointer to a static,
 *   immutable function table (or NULL if it cannot serve that major at all).
 *   The table begins with struct_size and abi_major/abi_minor. The host must
 *   refuse a table whose abi_major differs from its own, and must check that
 *   struct_size covers every function it calls: minors only append functions,
 *   so an older plugin has a shorter table.
 *
 * Payloads
 *   Every input and output is a NUL-terminated UTF-8 JSON document; their
 *   JSON Schemas are in plugin_api/schemas/. Every operation returns a
 *   sis_status and writes one JSON document to *out_json: the result when the
 *   status is SIS_OK, otherwise an error object
 *     {"status": "<status name>", "code": "<machine code>",
 *      "message": "<what happened and what to do about it>", ...}
 *   (see schemas/error.schema.json). *out_json may be NULL only if the
 *   plugin could not allocate memory.
 *
 * Ownership
 *   Strings the plugin returns belong to the plugin: the host releases each
 *   exactly once with the same table's free_string, never with free().
 *   Strings the host passes in are only borrowed for the duration of a call.
 *   An instance is owned by the host from create until destroy.
 *
 * Threads
 *   Calls on different instances may run at the same time on any threads.
 *   Calls on ONE instance must not overlap: the host serialises them.
 *   describe, free_string and sis_plugin_entry are safe from any thread at
 *   any time. Host callbacks are invoked on the thread that made the call.
 *
 * Errors
 *   No exception, longjmp or abort crosses this boundary: a plugin catches
 *   everything and reports SIS_INTERNAL. No secret (client secret, access or
 *   refresh token, authorization code) ever appears in a result, an error,
 *   or a log message.
 */
#ifndef SIS_PLUGIN_H
#define SIS_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIS_ABI_MAJOR 1u
#define SIS_ABI_MINOR 0u

#if defined(_WIN32)
#define SIS_PLUGIN_EXPORT __declspec(dllexport)
#else
#define SIS_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* The name of the one exported symbol, for hosts that resolve it by name. */
#define SIS_PLUGIN_ENTRY_SYMBOL "sis_plugin_entry"

typedef enum sis_status {
    SIS_OK = 0,
    SIS_INVALID_CONFIG = 1, /* config or request JSON is wrong: fix the named field */
    SIS_AUTH_FAILED = 2,    /* client id/secret refused, or a login failed */
    SIS_MISSING_SCOPES = 3, /* the OAuth application lacks scopes the integration needs */
    SIS_NOT_FOUND = 4,      /* school route or record unknown */
    SIS_NETWORK = 5,        /* DNS, connection refused, timeout, connection dropped */
    SIS_TLS = 6,            /* certificate not trusted, wrong host name, handshake failed */
    SIS_RATE_LIMITED = 7,   /* the SIS rate limit was hit and retries did not help */
    SIS_REMOTE_ERROR = 8,   /* the SIS answered with 5xx or an unexpected body */
    SIS_CANCELLED = 9,      /* the host's cancellation check said stop */
    SIS_UNSUPPORTED = 10,   /* this plugin does not implement the operation */
    SIS_INTERNAL = 11       /* a bug in the plugin */
} sis_status;

typedef enum sis_log_level {
    SIS_LOG_DEBUG = 0,
    SIS_LOG_INFO = 1,
    SIS_LOG_WARN = 2,
    SIS_LOG_ERROR = 3
} sis_log_level;

/*
 * Services the host lends to an instance at create. Every callback may be
 * NULL. user_data is passed back unchanged. The struct must stay valid until
 * destroy returns. struct_size lets later minors append callbacks.
 */
typedef struct sis_host_services {
    uint32_t struct_size; /* sizeof(sis_host_services) as the host compiled it */
    void *user_data;
    void (*log)(void *user_data, sis_log_level level, const char *message);
    /* stage is a short machine name ("fetch:students", "join"); total 0 = unknown */
    void (*progress)(void *user_data, const char *stage, uint64_t done, uint64_t total);
    /* returns non-zero when the current operation should stop (SIS_CANCELLED) */
    int (*is_cancelled)(void *user_data);
} sis_host_services;

/* One school connection. Opaque to the host. */
typedef struct sis_instance sis_instance;

typedef struct sis_plugin_table {
    uint32_t struct_size; /* sizeof the table as the plugin compiled it */
    uint32_t abi_major;
    uint32_t abi_minor;

    /* The plugin's manifest as JSON (id, version, abi, integration types,
       scopes, config fields). No instance needed. */
    sis_status (*describe)(char **out_json);

    /* Make an instance from a config JSON document. On failure *out_instance
       is NULL and *out_json holds the error. On success *out_json is NULL. */
    sis_status (*create)(const char *config_json, const sis_host_services *host,
                         sis_instance **out_instance, char **out_json);
    void (*destroy)(sis_instance *instance);

    /* Check credentials, scopes and reachability. */
    sis_status (*connect)(sis_instance *instance, char **out_json);
    /* request_json: {"integration_type": "..."} or NULL for the instance's. */
    sis_status (*list_scopes)(sis_instance *instance, const char *request_json, char **out_json);
    /* event_json: the event spec (schemas/event_spec.schema.json). */
    sis_status (*import_event)(sis_instance *instance, const char *event_json, char **out_json);
    /* request_json: {"action": "begin"|"complete", ...} */
    sis_status (*sso)(sis_instance *instance, const char *request_json, char **out_json);

    void (*free_string)(char *json);
} sis_plugin_table;

typedef const sis_plugin_table *(*sis_plugin_entry_fn)(uint32_t host_abi_major);

/* The one symbol a plugin exports. */
SIS_PLUGIN_EXPORT const sis_plugin_table *sis_plugin_entry(uint32_t host_abi_major);

/* Stable lower-case names of the statuses, as used in error JSON ("ok",
   "invalid_config", ...). Static storage; never NULL. */
static inline const char *sis_status_name(sis_status status) {
    switch (status) {
    case SIS_OK: return "ok";
    case SIS_INVALID_CONFIG: return "invalid_config";
    case SIS_AUTH_FAILED: return "auth_failed";
    case SIS_MISSING_SCOPES: return "missing_scopes";
    case SIS_NOT_FOUND: return "not_found";
    case SIS_NETWORK: return "network";
    case SIS_TLS: return "tls";
    case SIS_RATE_LIMITED: return "rate_limited";
    case SIS_REMOTE_ERROR: return "remote_error";
    case SIS_CANCELLED: return "cancelled";
    case SIS_UNSUPPORTED: return "unsupported";
    case SIS_INTERNAL: return "internal";
    }
    return "unknown";
}

#ifdef __cplusplus
}
#endif

#endif /* SIS_PLUGIN_H */

/*
 * sis_plugin.h - the stable C ABI between pickAtime hosts and SIS plugins.
 *
 * Compiles as C99 and as C++17. Nothing C++ crosses this boundary. Every
 * type that crosses it has a fixed width (int32_t statuses, uint32_t sizes)
 * and every struct is laid out without implicit padding (a test compiles this
 * header with -Wpadded -Werror).
 *
 * Versions (SQLite's rule)
 *   Minors only append: fields at the end of a struct, functions at the end
 *   of the table. A 1.0 host keeps working unchanged with a 1.1 plugin, and
 *   a 1.1 host with a 1.0 plugin (it checks struct_size before it touches an
 *   appended member). 1.1 appended: SIS_BUSY, SIS_INVALID_ARGUMENT, the
 *   host's version and get_extension in sis_host_services, and
 *   destroy_checked, free_string_checked, cancel, get_extension in the table.
 *
 * Loading
 *   A plugin exports exactly one symbol, sis_plugin_entry. The host calls it
 *   with its own SIS_ABI_MAJOR; the plugin returns a pointer to a static,
 *   immutable function table, or NULL when it does not serve that major.
 *   The host refuses a table whose abi_major differs from its own. At create
 *   the host tells the plugin its own version (sis_host_services.abi_major,
 *   abi_minor): a host of minor N serves every minor 0..N.
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
 *   exactly once with the same table's free_string (or free_string_checked),
 *   never with free(). Strings the host passes in are borrowed for the call.
 *   Strings a callback receives are valid only until the callback returns.
 *   An instance is owned by the host from create until destroy.
 *
 * Misuse (1.1)
 *   A misused call returns a status, never crashes: an instance handle is a
 *   checked id, not a pointer, so a destroyed, never-made or garbage handle
 *   gives SIS_INVALID_ARGUMENT; an instance already in a call gives SIS_BUSY;
 *   a string freed twice or not the plugin's is refused by
 *   free_string_checked (and ignored by free_string).
 *
 * Thread tags (CLAP's style), above every function:
 *   [any-thread]     may be called from any thread, at any time, overlapping
 *   [instance]       any thread, but calls on ONE instance must not overlap:
 *                    an overlapping call returns SIS_BUSY (1.1)
 *   [calling-thread] (callbacks) invoked on the thread that made the call
 *                    into the plugin, before that call returns
 *   No thread the plugin starts outlives the destroy of its instance.
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
#define SIS_ABI_MINOR 1u

#if defined(_WIN32)
#define SIS_PLUGIN_EXPORT __declspec(dllexport)
#else
#define SIS_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* The name of the one exported symbol, for hosts that resolve it by name. */
#define SIS_PLUGIN_ENTRY_SYMBOL "sis_plugin_entry"

/* A host of version (host_major, host_minor) can use a plugin table of
   version (plugin_major, any minor): same major; members the host knows but
   the plugin lacks are found missing by struct_size. */
static inline int sis_version_is_compatible(uint32_t host_major, uint32_t plugin_major) {
    return host_major == plugin_major;
}

/* The padding a uint32_t leaves before a pointer on 64-bit targets, named so
   that no struct has implicit padding (and 32-bit layouts stay as in 1.0). */
#if UINTPTR_MAX > 0xffffffffu
#define SIS_PAD_BEFORE_POINTER(name) uint32_t name;
#define SIS_PAD_INIT , 0
#else
#define SIS_PAD_BEFORE_POINTER(name)
#define SIS_PAD_INIT
#endif
/* The start of a table's initializer, its padding included, eg:
   {SIS_TABLE_HEAD(sizeof(sis_plugin_table), SIS_ABI_MAJOR, SIS_ABI_MINOR), describe, ...} */
#define SIS_TABLE_HEAD(size, major, minor) (uint32_t)(size), major, minor SIS_PAD_INIT

/* Fixed width: int32_t whatever the compiler makes of an enum. */
typedef int32_t sis_status;
enum {
    SIS_OK = 0,
    SIS_INVALID_CONFIG = 1, /* config or request JSON is wrong: an admin fixes the named field */
    SIS_AUTH_FAILED = 2,    /* client id/secret refused, or a login failed */
    SIS_MISSING_SCOPES = 3, /* the OAuth application lacks scopes the integration needs */
    SIS_NOT_FOUND = 4,      /* school route or record unknown */
    SIS_NETWORK = 5,        /* DNS, connection refused, timeout, connection dropped */
    SIS_TLS = 6,            /* certificate not trusted, wrong host name, handshake failed */
    SIS_RATE_LIMITED = 7,   /* the SIS rate limit was hit and retries did not help */
    SIS_REMOTE_ERROR = 8,   /* the SIS answered with 5xx or an unexpected body */
    SIS_CANCELLED = 9,      /* the host cancelled (cancel or is_cancelled) */
    SIS_UNSUPPORTED = 10,   /* this plugin does not implement the operation */
    SIS_INTERNAL = 11,      /* a bug in the plugin */
    /* 1.1 */
    SIS_BUSY = 12,             /* a host bug: the instance is already in a call */
    SIS_INVALID_ARGUMENT = 13, /* a host bug: bad handle, NULL out pointer, bad struct_size */
    SIS_STATUS_MAX_ENUM = 0x7fffffff
};

typedef int32_t sis_log_level;
enum {
    SIS_LOG_DEBUG = 0,
    SIS_LOG_INFO = 1,
    SIS_LOG_WARN = 2,
    SIS_LOG_ERROR = 3,
    SIS_LOG_MAX_ENUM = 0x7fffffff
};

/*
 * Services the host lends to an instance at create. Every callback may be
 * NULL. user_data is passed back unchanged. The struct must stay valid until
 * destroy returns. struct_size is sizeof as the host compiled it: create
 * refuses (SIS_INVALID_ARGUMENT) one smaller than the 1.0 struct or ending
 * inside a member.
 */
typedef struct sis_host_services {
    uint32_t struct_size; /* eg: sizeof(sis_host_services) */
    SIS_PAD_BEFORE_POINTER(reserved0)
    void *user_data;
    /* [calling-thread] message is valid until the callback returns; it never
       holds a secret. May not call into the same instance (SIS_BUSY). */
    void (*log)(void *user_data, sis_log_level level, const char *message);
    /* [calling-thread] stage is a short machine name, valid until return:
       "token", "fetch" (done/total = resources), "join", "sso".
       total 0 = unknown. May not call into the same instance (SIS_BUSY). */
    void (*progress)(void *user_data, const char *stage, uint64_t done, uint64_t total);
    /* [calling-thread] returns non-zero when the current operation should
       stop (SIS_CANCELLED). Polled; prefer the table's cancel (1.1). */
    int (*is_cancelled)(void *user_data);

    /* ---- 1.1 ---- */
    uint32_t abi_major; /* the host's SIS_ABI_MAJOR, eg: 1 */
    uint32_t abi_minor; /* the host's SIS_ABI_MINOR, eg: 1; it serves minors 0..abi_minor */
    /* [any-thread] a host extension by versioned id (eg: "sis.host.<name>/1"),
       or NULL. The pointer stays valid until destroy returns. */
    const void *(*get_extension)(void *user_data, const char *id);
} sis_host_services;

/* The size of the 1.0 sis_host_services: the smallest create accepts. */
#define SIS_HOST_SERVICES_SIZE_1_0 (offsetof(sis_host_services, is_cancelled) + sizeof(void (*)(void)))

/* One school connection: a checked id, opaque to the host (never a pointer
   the host may dereference). */
typedef struct sis_instance sis_instance;

typedef struct sis_plugin_table {
    uint32_t struct_size; /* sizeof the table as the plugin compiled it */
    uint32_t abi_major;
    uint32_t abi_minor;
    SIS_PAD_BEFORE_POINTER(reserved0)

    /* [any-thread] The plugin's manifest as JSON (id, version, abi,
       integration types, scopes, config fields). No instance needed. */
    sis_status (*describe)(char **out_json);

    /* [any-thread] Make an instance from a config JSON document. On failure
       *out_instance is NULL and *out_json holds the error. On success
       *out_json is NULL. */
    sis_status (*create)(const char *config_json, const sis_host_services *host,
                         sis_instance **out_instance, char **out_json);
    /* [instance] Ends the instance; an unknown handle is ignored. Every
       thread the instance started has ended when it returns. */
    void (*destroy)(sis_instance *instance);

    /* [instance] Check credentials, scopes and reachability. */
    sis_status (*connect)(sis_instance *instance, char **out_json);
    /* [instance] request_json: {"integration_type": "..."} or NULL for the instance's. */
    sis_status (*list_scopes)(sis_instance *instance, const char *request_json, char **out_json);
    /* [instance] event_json: the event spec (schemas/event_spec.schema.json). */
    sis_status (*import_event)(sis_instance *instance, const char *event_json, char **out_json);
    /* [instance] request_json: {"action": "begin"|"complete", ...} */
    sis_status (*sso)(sis_instance *instance, const char *request_json, char **out_json);

    /* [any-thread] Releases a string this table returned; anything else
       (NULL, freed already, not the plugin's) is ignored. */
    void (*free_string)(char *json);

    /* ---- 1.1 ---- */
    /* [instance] destroy with an answer: SIS_OK, SIS_INVALID_ARGUMENT for an
       unknown or destroyed handle, SIS_BUSY when a call is in progress on it
       (nothing is destroyed then). */
    sis_status (*destroy_checked)(sis_instance *instance);
    /* [any-thread] free_string with an answer: SIS_OK, or
       SIS_INVALID_ARGUMENT for a string the plugin did not hand out or
       already took back (it is left alone). */
    sis_status (*free_string_checked)(char *json);
    /* [any-thread] Stops the call in progress on the instance, cutting its I/O
       at any point (name lookup, TCP connect, TLS handshake, send, read):
       SIS_CANCELLED within 100 ms. With no call in progress, the next call is
       the one cancelled. The instance stays usable. Unknown handle: SIS_INVALID_ARGUMENT. */
    sis_status (*cancel)(sis_instance *instance);
    /* [any-thread] A plugin extension by versioned id (eg:
       SIS_EXT_RESULT_SINK), or NULL. The result is a static table that
       begins with uint32_t struct_size and stays valid while the library is
       loaded. Unknown ids give NULL: a host asks, it never assumes. */
    const void *(*get_extension)(const char *id);
} sis_plugin_table;

/* The size of the 1.0 table: everything up to free_string. */
#define SIS_PLUGIN_TABLE_SIZE_1_0 (offsetof(sis_plugin_table, free_string) + sizeof(void (*)(void)))

/* Is the member of a struct that begins with uint32_t struct_size there
   whole? (For hosts and plugins reading the other side's struct.) */
#define SIS_HAS_MEMBER(ptr, type, member)                                                    \
    ((ptr)->struct_size >= offsetof(type, member) + sizeof(((type *)0)->member))

/* [any-thread] */
typedef const sis_plugin_table *(*sis_plugin_entry_fn)(uint32_t host_abi_major);

/* The one symbol a plugin exports. [any-thread] */
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
    case SIS_BUSY: return "busy";
    case SIS_INVALID_ARGUMENT: return "invalid_argument";
    default: return "unknown";
    }
}

#ifdef __cplusplus
}
#endif

#endif /* SIS_PLUGIN_H */

/* A host written for ABI 1.0, compiled against the 1.0 header kept as a
   fixture (tests/abi_1_0/include): it must keep working, unchanged, with
   every later 1.x plugin. It does what the ctypes host of issue 19 did:
   entry, describe, create with 1.0 services, list_scopes, an import with a
   bad event, two free_strings, destroy. Usage: host_1_0 <plugin.so> */
#include "sis_plugin.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static int logs;
static void on_log(void *user_data, sis_log_level level, const char *message) {
    (void)user_data, (void)level, (void)message;
    logs++;
}

#define FAIL(...)                                                       \
    do {                                                                \
        fprintf(stderr, __VA_ARGS__);                                   \
        fputc('\n', stderr);                                            \
        return 1;                                                       \
    } while (0)

int main(int argc, char **argv) {
    void *lib;
    sis_plugin_entry_fn entry;
    const sis_plugin_table *t;
    sis_host_services services;
    sis_instance *inst = NULL;
    char *out = NULL;
    sis_status s;
    if (argc != 2) FAIL("usage: host_1_0 <plugin.so>");
    lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) FAIL("dlopen: %s", dlerror());
    *(void **)&entry = dlsym(lib, SIS_PLUGIN_ENTRY_SYMBOL);
    if (!entry) FAIL("no entry");
    t = entry(SIS_ABI_MAJOR);
    if (!t || t->abi_major != 1 || t->struct_size < sizeof(sis_plugin_table)) FAIL("bad table");
    if (t->describe(&out) != SIS_OK || !strstr(out, "\"abi_version\"")) FAIL("describe");
    t->free_string(out);

    memset(&services, 0, sizeof services);
    services.struct_size = sizeof services; /* 40: the 1.0 struct */
    services.log = on_log;
    s = t->create("{\"school_domain\":\"demo\",\"client_id\":\"a\",\"client_secret\":\"b\","
                  "\"integration_type\":\"imports\"}",
                  &services, &inst, &out);
    if (s != SIS_OK || !inst || out) FAIL("create: %d %s", (int)s, out ? out : "");
    s = t->list_scopes(inst, NULL, &out);
    if (s != SIS_OK || !strstr(out, "scopes")) FAIL("list_scopes: %d", (int)s);
    t->free_string(out);
    s = t->import_event(inst, "not json", &out);
    if (s != SIS_INVALID_CONFIG || !strstr(out, "\"status\":\"invalid_config\"")) FAIL("import: %d", (int)s);
    t->free_string(out);
    t->destroy(inst);
    printf("1.0 host: plugin ABI %u.%u worked\n", (unsigned)t->abi_major, (unsigned)t->abi_minor);
    dlclose(lib);
    return 0;
}

/* A plugin written for ABI 1.0, compiled against the 1.0 header kept as a
   fixture: every later 1.x host must load and use it (its table is the
   short 1.0 one; the host must not reach past struct_size). */
#include "sis_plugin.h"

#include <stdlib.h>
#include <string.h>

struct sis_instance {
    int calls;
};

static char *dup_text(const char *s) {
    char *p = malloc(strlen(s) + 1);
    if (p) strcpy(p, s);
    return p;
}

static sis_status describe(char **out) {
    *out = dup_text("{\"id\":\"old\",\"version\":\"1.0.0\",\"abi_version\":\"1.0\"}");
    return SIS_OK;
}
static sis_status create(const char *config, const sis_host_services *host, sis_instance **inst, char **out) {
    (void)config, (void)host;
    *out = NULL;
    *inst = calloc(1, sizeof **inst);
    return SIS_OK;
}
static void destroy(sis_instance *inst) { free(inst); }
static sis_status connect(sis_instance *inst, char **out) {
    inst->calls++;
    *out = dup_text("{\"ok\":true,\"from\":\"a 1.0 plugin\"}");
    return SIS_OK;
}
static sis_status unsupported(sis_instance *inst, const char *in, char **out) {
    (void)inst, (void)in;
    *out = dup_text("{\"status\":\"unsupported\",\"code\":\"x\",\"message\":\"no\"}");
    return SIS_UNSUPPORTED;
}
static void free_string(char *s) { free(s); }

static const sis_plugin_table table = {sizeof(sis_plugin_table), SIS_ABI_MAJOR, SIS_ABI_MINOR,
                                       describe, create, destroy, connect, unsupported, unsupported,
                                       unsupported, free_string};

SIS_PLUGIN_EXPORT const sis_plugin_table *sis_plugin_entry(uint32_t host_abi_major) {
    (void)host_abi_major;
    return &table;
}

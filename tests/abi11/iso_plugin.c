/* A toy SIS plugin linked against one build of libtwin: describe says which
   build its call of twin_build() reached. Loaded isolated, it must reach its
   own, never the host's or the other plugin's. */
#include "sis_plugin.h"

#include <stdio.h>
#include <stdlib.h>

int twin_build(void);

static sis_status describe(char **out) {
    *out = malloc(64);
    if (!*out) return SIS_INTERNAL;
    snprintf(*out, 64, "{\"twin_build\":%d}", twin_build());
    return SIS_OK;
}
static sis_status create(const char *c, const sis_host_services *h, sis_instance **i, char **out) {
    (void)c, (void)h;
    *i = NULL;
    *out = NULL;
    return SIS_UNSUPPORTED;
}
static void destroy(sis_instance *i) { (void)i; }
static sis_status op(sis_instance *i, char **out) {
    (void)i;
    *out = NULL;
    return SIS_UNSUPPORTED;
}
static sis_status op2(sis_instance *i, const char *in, char **out) {
    (void)in;
    return op(i, out);
}
static void free_string(char *s) { free(s); }

static const sis_plugin_table table = {SIS_TABLE_HEAD(sizeof(sis_plugin_table), SIS_ABI_MAJOR, SIS_ABI_MINOR),
                                       describe, create, destroy, op, op2, op2, op2, free_string,
                                       NULL, NULL, NULL, NULL};

SIS_PLUGIN_EXPORT const sis_plugin_table *sis_plugin_entry(uint32_t host_abi_major) {
    return host_abi_major == SIS_ABI_MAJOR ? &table : NULL;
}

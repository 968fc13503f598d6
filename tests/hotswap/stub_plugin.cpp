// A second, tiny SIS plugin for the side-by-side tests: it answers every
// operation with fixed JSON that names it, so a test can tell whose answer it got.
#include "sis_plugin.h"

#include <cstdlib>
#include <cstring>

struct sis_instance {
    int unused;
};

namespace {

char *copy_out(const char *s) {
    char *p = static_cast<char *>(std::malloc(std::strlen(s) + 1));
    if (p) std::strcpy(p, s);
    return p;
}

sis_status describe(char **out) {
    *out = copy_out(R"({"id":"stub","display_name":"Stub SIS","version":"1.0.0","abi_version":"1.0",)"
                    R"("integration_types":{"imports":{"description":"Nothing","scopes":["none"]}},)"
                    R"("scopes":{"none":"nothing"},"config_fields":[]})");
    return SIS_OK;
}

sis_status create(const char *, const sis_host_services *, sis_instance **instance, char **out) {
    *out = nullptr;
    *instance = new sis_instance{0};
    return SIS_OK;
}

void destroy(sis_instance *instance) { delete instance; }

sis_status connect(sis_instance *, char **out) {
    *out = copy_out(R"({"ok":true,"plugin":"stub"})");
    return SIS_OK;
}

sis_status unsupported(sis_instance *, const char *, char **out) {
    *out = copy_out(R"({"status":"unsupported","code":"stub","message":"the stub plugin only connects"})");
    return SIS_UNSUPPORTED;
}

void free_string(char *s) { std::free(s); }

const sis_plugin_table kTable = {SIS_TABLE_HEAD(sizeof(sis_plugin_table), SIS_ABI_MAJOR, SIS_ABI_MINOR),
                                 describe, create, destroy, connect, unsupported, unsupported, unsupported,
                                 free_string, nullptr, nullptr, nullptr, nullptr}; // no 1.1 functions

} // namespace

extern "C" SIS_PLUGIN_EXPORT const sis_plugin_table *sis_plugin_entry(uint32_t host_abi_major) {
    return host_abi_major == SIS_ABI_MAJOR ? &kTable : nullptr;
}

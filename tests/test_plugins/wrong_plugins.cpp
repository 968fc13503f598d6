// Deliberately wrong plugins for the conformance tests. One source, one
// define per broken build (see CMakeLists.txt):
//   OLD_ABI      the table claims ABI major 0
//   SHORT_TABLE  the table's struct_size stops before free_string
//   THROWS       every operation throws a C++ exception across the ABI
//   NO_ENTRY     exports no sis_plugin_entry at all
#include "sis_plugin.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

struct sis_instance {
    int unused;
};

namespace {

[[maybe_unused]] char *dup(const char *s) {
    char *p = static_cast<char *>(std::malloc(std::strlen(s) + 1));
    std::strcpy(p, s);
    return p;
}

sis_status describe(char **out) {
#ifdef THROWS
    (void)out;
    throw std::runtime_error("describe threw");
#else
    *out = dup(R"({"id":"wrong","version":"0.0.1","abi_version":"1.0"})");
    return SIS_OK;
#endif
}

sis_status create(const char *, const sis_host_services *, sis_instance **inst, char **out) {
    *out = nullptr;
    *inst = new sis_instance{0};
    return SIS_OK;
}

void destroy(sis_instance *inst) { delete inst; }

sis_status op(sis_instance *, char **out) {
#ifdef THROWS
    (void)out;
    throw std::runtime_error("connect threw");
#else
    *out = dup(R"({"status":"unsupported","code":"x","message":"no"})");
    return SIS_UNSUPPORTED;
#endif
}

sis_status op2(sis_instance *inst, const char *, char **out) { return op(inst, out); }

void free_string(char *s) { std::free(s); }

#ifdef SHORT_TABLE
constexpr uint32_t kSize = offsetof(sis_plugin_table, import_event);
#else
constexpr uint32_t kSize = sizeof(sis_plugin_table);
#endif
#ifdef OLD_ABI
constexpr uint32_t kMajor = 0u, kMinor = 7u;
#else
constexpr uint32_t kMajor = SIS_ABI_MAJOR, kMinor = SIS_ABI_MINOR;
#endif
const sis_plugin_table kTable = {SIS_TABLE_HEAD(kSize, kMajor, kMinor),
                                 describe, create, destroy, op, op2, op2, op2, free_string,
                                 nullptr, nullptr, nullptr, nullptr}; // no 1.1 functions

} // namespace

#ifndef NO_ENTRY
extern "C" SIS_PLUGIN_EXPORT const sis_plugin_table *sis_plugin_entry(uint32_t) { return &kTable; }
#else
extern "C" SIS_PLUGIN_EXPORT int some_other_symbol(void) { return 42; }
#endif

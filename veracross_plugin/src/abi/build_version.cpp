// Compiled once per plugin build, so that two builds of the same sources can
// carry different versions (hot-swap tests); it also says which ABI version
// the build speaks.
#include "config/plugin_manifest.hpp"
#include "sis_plugin.h"

#include <string>

namespace veracross {
const char *build_version_override() {
#ifdef VERACROSS_PLUGIN_VERSION
    return VERACROSS_PLUGIN_VERSION;
#else
    return nullptr;
#endif
}

const char *abi_version_spoken() {
    static const std::string text = std::to_string(SIS_ABI_MAJOR) + "." + std::to_string(SIS_ABI_MINOR);
    return text.c_str();
}
} // namespace veracross

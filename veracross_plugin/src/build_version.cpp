// Compiled once per plugin build, so that two builds of the same sources can
// carry different versions (hot-swap tests).
#include "plugin_manifest.hpp"

namespace veracross {
const char *build_version_override() {
#ifdef VERACROSS_PLUGIN_VERSION
    return VERACROSS_PLUGIN_VERSION;
#else
    return nullptr;
#endif
}
} // namespace veracross

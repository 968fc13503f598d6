// The plugin's answer to the table's get_extension: the extensions it
// offers, each by its versioned string id (sis_ext/*.h).
#pragma once

namespace veracross {

// The extension's static table, or nullptr for an id this plugin lacks.
const void *plugin_extension(const char *id);

} // namespace veracross

// Where sis-host looks for plugins: the build's plugins folder, or, for an
// installed sis-host, PREFIX/lib/pickatime/sis-plugins, where each plugin
// sits in <id>/<version>/ beside its manifest so versions stay side by side.
#pragma once

#include "sis_host/manifest.hpp"

#include <boost/filesystem.hpp>

#include <string>

namespace sis_cli {

// For sis-host at `program`: PREFIX/plugins when that folder exists (a build
// tree), otherwise PREFIX/<installed_dir> (an installed tree), where PREFIX
// is the program's folder's parent.
boost::filesystem::path default_plugin_dir(const boost::filesystem::path &program,
                                           const std::string &installed_dir);

// The manifests in `dir` and in its subfolders two levels down
// (<id>/<version>/). Versions of one id are listed newest first, so the first
// manifest with an id is the one a command uses.
sis_host::ManifestScan scan_plugin_folders(const boost::filesystem::path &dir);

// Dotted versions compared number by number ("0.10.0" > "0.9.1"); a part
// that is not a number compares as text.
bool version_newer(const std::string &a, const std::string &b);

} // namespace sis_cli

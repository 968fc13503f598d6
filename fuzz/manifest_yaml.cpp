// Plugin manifests: the host's loader (plugin_api/include/sis_host/manifest.hpp),
// which reads any manifest file dropped into the plugin folder, and the
// plugin's reader of its own embedded manifest (plugin_manifest.cpp).
// Any text gives a checked Manifest or ManifestError; the plugin's reader
// gives a JSON tree or a YAML/Poco exception.
#include "fuzz_support.hpp"

#include "config/manifest_yaml.hpp"
#include "sis_host/manifest.hpp"

#include <Poco/Exception.h>

#include <unistd.h>

#include <fstream>

namespace {

namespace fs = boost::filesystem;

// The loader reads a file: one scratch file per process, removed at exit.
class ScratchFile {
public:
    ScratchFile()
        : path_(fs::temp_directory_path() / ("sis_fuzz_manifest_" + std::to_string(::getpid()) + ".yaml")) {}
    ~ScratchFile() {
        boost::system::error_code ec;
        fs::remove(path_, ec);
    }
    const fs::path &write(const std::string &text) {
        std::ofstream out(path_.string(), std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) fuzz::broken("the scratch manifest can be written (disk full?)");
        return path_;
    }

private:
    fs::path path_;
};

void load_as_host(const std::string &yaml) {
    static ScratchFile scratch;
    const fs::path &file = scratch.write(yaml);
    try {
        const sis_host::Manifest m = sis_host::load_manifest(file);
        if (m.library_path.parent_path() != fs::absolute(file).parent_path())
            fuzz::broken("a manifest's library stays in the manifest's folder");
        if (m.id.empty() || m.version.empty() || m.integration_types.empty())
            fuzz::broken("a manifest that loads has id, version and integration types");
        for (const auto &type : m.integration_types)
            for (const auto &scope : type.second.scopes)
                if (!m.scope_purposes.count(scope)) fuzz::broken("every scope a manifest uses has a purpose");
    } catch (const sis_host::ManifestError &) {
    }
}

void load_as_plugin(const std::string &yaml) {
    try {
        veracross::manifest_yaml_to_json(yaml);
    } catch (const YAML::Exception &) {
    } catch (const Poco::Exception &) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string yaml = fuzz::text(data, size);
    load_as_host(yaml);
    load_as_plugin(yaml);
    return 0;
}

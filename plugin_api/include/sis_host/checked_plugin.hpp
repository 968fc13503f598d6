// Loading a plugin through its manifest: the library is loaded from the
// manifest's folder and must describe itself as the manifest says.
#pragma once

#include "sis_host/manifest.hpp"
#include "sis_host/plugin.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <memory>
#include <string>

namespace sis_host {

struct CheckedPlugin {
    Manifest manifest;
    std::shared_ptr<Plugin> plugin;
    std::string describe_json;
};

// Throws LoadError naming the library and the first disagreement.
inline CheckedPlugin load_checked(const Manifest &manifest, Binding binding = Binding::host_first) {
    CheckedPlugin c{manifest, Plugin::load(manifest.library_path, binding), {}};
    const std::string lib = manifest.library_path.string();
    if (c.plugin->abi_major() != manifest.abi_major)
        throw LoadError(lib + ": ABI " + std::to_string(c.plugin->abi_major()) + "." +
                        std::to_string(c.plugin->abi_minor()) + " disagrees with manifest " +
                        manifest.file.string() + " (abi_version " + manifest.abi_version + ")");
    CallResult d = c.plugin->describe();
    if (!d.ok()) throw LoadError(lib + ": describe failed: " + d.json);
    Poco::JSON::Object::Ptr obj;
    try {
        obj = Poco::JSON::Parser().parse(d.json).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        throw LoadError(lib + ": describe did not return a JSON object");
    }
    if (!obj) throw LoadError(lib + ": describe did not return a JSON object");
    for (const auto &field : {std::make_pair("id", manifest.id),
                              std::make_pair("version", manifest.version),
                              std::make_pair("abi_version", manifest.abi_version)}) {
        const std::string got = obj->optValue<std::string>(field.first, "");
        if (got != field.second)
            throw LoadError(lib + ": describe says " + field.first + " '" + got + "' but manifest " +
                            manifest.file.string() + " says '" + field.second +
                            "': rebuild the plugin or fix the manifest");
    }
    c.describe_json = std::move(d.json);
    return c;
}

} // namespace sis_host

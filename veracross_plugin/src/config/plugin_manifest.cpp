#include "config/plugin_manifest.hpp"

#include "embedded_manifest.hpp"
#include "config/manifest_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <Poco/JSON/Array.h>

#include <sstream>

namespace veracross {
namespace {

// YAML scalars become JSON strings except the few the schema types otherwise.
Poco::Dynamic::Var to_json(const YAML::Node &node, const std::string &key = {}) {
    if (node.IsMap()) {
        Poco::JSON::Object::Ptr obj = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (const auto &kv : node) {
            const std::string k = kv.first.as<std::string>();
            obj->set(k, to_json(kv.second, k));
        }
        return obj;
    }
    if (node.IsSequence()) {
        Poco::JSON::Array::Ptr arr = new Poco::JSON::Array;
        for (const auto &item : node) arr->add(to_json(item));
        return arr;
    }
    if (node.IsNull()) return Poco::Dynamic::Var();
    if (key == "required" || key == "secret") return node.as<bool>();
    return node.Scalar();
}

} // namespace

Poco::JSON::Object::Ptr manifest_yaml_to_json(const std::string &yaml) {
    return to_json(YAML::Load(yaml)).extract<Poco::JSON::Object::Ptr>();
}

const PluginManifest &PluginManifest::get() {
    static const PluginManifest manifest; // thread-safe one-time init
    return manifest;
}

PluginManifest::PluginManifest() {
    root_ = manifest_yaml_to_json(kEmbeddedManifestYaml);
    if (const char *version = build_version_override()) root_->set("version", std::string(version));
    // The library speaks the ABI it was compiled with, whatever the YAML says.
    root_->set("abi_version", std::string(abi_version_spoken()));
    root_->remove("library"); // a file name is the host's business, not the plugin's
    id_ = root_->getValue<std::string>("id");
    version_ = root_->getValue<std::string>("version");
    if (auto urls = root_->getArray("sso_redirect_urls"))
        for (const auto &u : *urls) redirect_urls_.push_back(u.toString());
    std::ostringstream out;
    root_->stringify(out);
    describe_json_ = out.str();
}

bool PluginManifest::has_integration_type(const std::string &type) const {
    return root_->getObject("integration_types")->has(type);
}

std::vector<std::string> PluginManifest::integration_types() const {
    std::vector<std::string> names;
    root_->getObject("integration_types")->getNames(names);
    return names;
}

std::vector<ScopeNeed> PluginManifest::scopes_for(const std::string &integration_type) const {
    std::vector<ScopeNeed> needs;
    auto type = root_->getObject("integration_types")->getObject(integration_type);
    if (!type) return needs;
    auto purposes = root_->getObject("scopes");
    for (const char *list : {"scopes", "optional_scopes"}) {
        auto arr = type->getArray(list);
        if (!arr) continue;
        for (const auto &s : *arr) {
            const std::string scope = s.toString();
            needs.push_back({scope, purposes->optValue<std::string>(scope, ""),
                             std::string(list) == "scopes"});
        }
    }
    return needs;
}

} // namespace veracross

// The plugin's own manifest (manifests/veracross.yaml, embedded at build
// time): the single source of the scopes each integration type needs.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace veracross {

// The version a build was given instead of the manifest's (test builds for
// hot swap), or nullptr. Defined in build_version.cpp, compiled per build.
const char *build_version_override();
// The C ABI version the library is compiled with, e.g. "1.0"; defined in
// abi/build_version.cpp, since only abi/ knows the ABI.
const char *abi_version_spoken();

struct ScopeNeed {
    std::string scope;
    std::string purpose;
    bool required = true;
};

class PluginManifest {
public:
    static const PluginManifest &get();

    const std::string &describe_json() const { return describe_json_; }
    const std::string &id() const { return id_; }
    const std::string &version() const { return version_; }
    bool has_integration_type(const std::string &type) const;
    // Required scopes first, then optional ones, each with what it is for.
    std::vector<ScopeNeed> scopes_for(const std::string &integration_type) const;
    std::vector<std::string> integration_types() const;
    const std::vector<std::string> &sso_redirect_urls() const { return redirect_urls_; }

private:
    PluginManifest();
    Poco::JSON::Object::Ptr root_;
    std::string describe_json_, id_, version_;
    std::vector<std::string> redirect_urls_;
};

} // namespace veracross

#include "auth/scope_needs.hpp"

#include "common/json_text.hpp"

namespace veracross {
namespace {

const char *const kWhereToEnableScopes =
    "In Axiom, open Identity & Access Management > OAuth Applications, choose the pickAtime "
    "application, enable them on its Scopes tab and click Save";

std::string joined(const std::vector<std::string> &items) {
    std::string s;
    for (const auto &i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
}

} // namespace

std::vector<ScopeNeed> needed_scopes(const Config &config, const std::string &integration_type) {
    const PluginManifest &manifest = PluginManifest::get();
    if (!manifest.has_integration_type(integration_type))
        throw invalid_config("integration_type",
                             "'" + integration_type + "' is not one of imports, sso, imports_and_sso");
    std::vector<ScopeNeed> needs = manifest.scopes_for(integration_type);
    for (auto &need : needs)
        if (need.scope == "sso") need.scope = config.sso_scope;
    return needs;
}

PluginError missing_scopes_error(const std::vector<std::string> &missing_required,
                                 const std::vector<std::string> &missing_optional) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("missing_scopes", json_list(missing_required));
    d->set("missing_optional_scopes", json_list(missing_optional));
    const bool one = missing_required.size() == 1;
    return PluginError(Status::missing_scopes, "missing_scopes",
                       std::string("The OAuth application in Veracross does not have ") +
                           (one ? "this required scope" : "these required scopes") +
                           " enabled: " + joined(missing_required) + ". " + kWhereToEnableScopes +
                           ", then click Connect again.",
                       d);
}

} // namespace veracross

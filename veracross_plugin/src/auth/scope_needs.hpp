// The scopes one integration type needs at this school: the manifest's
// list, with the SSO scope the school chose (sso or openid, config sso_scope),
// and the error when Veracross does not grant them.
#pragma once

#include "config/config.hpp"
#include "common/plugin_error.hpp"
#include "config/plugin_manifest.hpp"

#include <string>
#include <vector>

namespace veracross {

// Required scopes first, then optional ones. Throws
// PluginError(Status::invalid_config) naming integration_type when it is unknown.
std::vector<ScopeNeed> needed_scopes(const Config &config, const std::string &integration_type);

// Status::missing_scopes naming every missing required scope and where in Axiom
// to enable them; details: missing_scopes, missing_optional_scopes.
PluginError missing_scopes_error(const std::vector<std::string> &missing_required,
                                 const std::vector<std::string> &missing_optional = {});

} // namespace veracross

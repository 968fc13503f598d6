// The "scopes" list that connect and list_scopes return: each scope an
// integration type needs, what it is for, whether it is required, and -
// once Veracross was asked on this instance - whether it is granted.
#pragma once

#include "config/plugin_manifest.hpp"
#include "auth/token_provider.hpp"

#include <Poco/JSON/Array.h>

#include <optional>
#include <vector>

namespace veracross {

// "granted" is left out for scopes the last token request did not cover.
Poco::JSON::Array::Ptr scope_rows(const std::vector<ScopeNeed> &needs,
                                  const std::optional<ScopeGrants> &grants);

// The needs whose scope the last token request refused, required or not.
std::vector<std::string> refused_scopes(const std::vector<ScopeNeed> &needs,
                                        const std::optional<ScopeGrants> &grants, bool required);

} // namespace veracross

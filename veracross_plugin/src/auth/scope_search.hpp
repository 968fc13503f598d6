// Which scopes does the OAuth application refuse? Veracross refuses a token
// request as a whole (invalid_scope) when any scope in it is not enabled, so
// the refused ones are found by asking for fewer: binary splitting.
//
// With n scopes of which d are refused, it makes at most 2*d*log2(n) calls
// of `grantable` (d = 1 of 16: 4 calls). Every granted call costs Veracross
// a token, which `grantable` should revoke at once (10-token cap per app).
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace veracross {

using Scopes = std::vector<std::string>;

inline bool has_scope(const Scopes &scopes, const std::string &scope) {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

// `scopes` must be refused as a whole. `grantable(subset)` asks for a token
// with exactly `subset` and says whether it was granted. Returns the refused
// scopes in their order in `scopes`.
Scopes find_refused_scopes(const Scopes &scopes, const std::function<bool(const Scopes &)> &grantable);

} // namespace veracross

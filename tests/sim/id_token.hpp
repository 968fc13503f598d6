// The OpenID Connect id_token: an RS256 JWT with the user's claims, bent by
// the id_token_* faults when one is set for the route.
#pragma once

#include "server_state.hpp"

#include <chrono>
#include <string>

namespace vcsim {

std::string make_id_token(ServerState &state, const std::string &route, const std::string &issuer,
                          const std::string &client_id, const LoginUser &user, const std::string &nonce,
                          std::chrono::seconds lifetime);

} // namespace vcsim

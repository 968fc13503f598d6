// Every endpoint of the simulator as a function Request -> Reply. The
// request handler picks one by the path below the route.
#pragma once

#include "http_exchange.hpp"
#include "server_state.hpp"

namespace vcsim {

// Authorization API (auth_api.cpp): POST /{route}/oauth/{token,revoke,introspect}.
Reply token_endpoint(ServerState &state, const Request &request);
Reply revoke_endpoint(ServerState &state, const Request &request);
Reply introspect_endpoint(ServerState &state, const Request &request);

// Data API (data_api.cpp): GET /{route}/v3/<resource>[/<id>][.json].
Reply data_endpoint(ServerState &state, const Request &request);

// SSO (sso_api.cpp).
Reply discovery_endpoint(ServerState &state, const Request &request); // /.well-known/openid-configuration
Reply authorize_endpoint(ServerState &state, const Request &request); // /oauth/authorize
Reply userinfo_endpoint(ServerState &state, const Request &request);  // /oauth/userinfo
Reply jwks_endpoint(ServerState &state, const Request &request);      // /oauth/discovery/keys

// Test-only control (admin_api.cpp): /_sim/...
Reply admin_endpoint(ServerState &state, const Request &request);

} // namespace vcsim

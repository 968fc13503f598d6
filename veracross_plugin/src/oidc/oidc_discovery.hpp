// The school's OpenID Connect discovery document on the accounts host
// ({accounts_base_url}/{route}/.well-known/openid-configuration): where SSO
// sends users and exchanges codes. Checked for sense before it is trusted.
#pragma once

#include "config/config.hpp"
#include "common/host_services.hpp"
#include "http/http_client.hpp"

#include <string>
#include <vector>

namespace veracross {

struct OidcDiscovery {
    std::string issuer; // checked: the document's own address (or its http:// twin)
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string userinfo_endpoint; // may be empty
    std::string jwks_uri;          // may be empty
    std::vector<std::string> scopes_supported;
};

// Throws PluginError: Status::not_found (unknown route, or no document),
// Status::remote_error bad_discovery (endpoints missing, on another host, no
// "code" response type, or an issuer that is not the document's own address
// (Discovery 4.3; an http:// issuer for an https address is taken, see
// docs/sso.md)), and the transport errors of HttpClient.
OidcDiscovery fetch_oidc_discovery(HttpClient &http, const Config &config, const HostServices &host);

// The same, kept for 10 minutes per (accounts URL, route, CA file): logins
// need its issuer and jwks_uri, not a fetch each. Thread-safe.
OidcDiscovery kept_oidc_discovery(HttpClient &http, const Config &config, const HostServices &host);

} // namespace veracross

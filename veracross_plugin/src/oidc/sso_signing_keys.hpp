// Veracross's id_token signing keys for a school: found through the
// discovery document's jwks_uri, fetched over the instance's own TLS
// settings, and kept for at most 10 minutes (less when the JWKS answer's
// Cache-Control max-age says so), so a withdrawn key stops being trusted.
// An id_token naming a kid the kept keys do not have (Veracross rotated
// them) makes a fresh fetch, at most one a minute.
//
// The keys are kept per (accounts URL, route, extra CA file): exactly what
// decides which keys an instance would fetch and trust, so instances of one
// school share them and nothing else does. They are public: nothing secret
// is kept.
//
// Threads: safe from any number of threads at once.
#pragma once

#include "config/config.hpp"
#include "common/host_services.hpp"
#include "oidc/oidc_discovery.hpp"
#include "http/http_client.hpp"
#include "oidc/sso_jwk.hpp"

#include <string>

namespace veracross {

// The key for `kid` ("" when the id_token names none: then the only key, if
// there is one), or nullptr when Veracross does not publish it. Throws
// PluginError when discovery or the JWKS cannot be fetched or make no sense.
// `discovery`: the school's checked discovery document (its jwks_uri).
PublicKey find_signing_key(HttpClient &http, const Config &config, const HostServices &host,
                           const OidcDiscovery &discovery, const std::string &kid);

} // namespace veracross

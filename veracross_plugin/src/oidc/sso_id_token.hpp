// Checking an OpenID Connect id_token before believing a word of it:
// RS256 only (no "none", no HMAC: the algorithm is never taken from the
// token), signature with a key Veracross publishes, then issuer, audience,
// expiry and issue time (with bounded clock skew) and the login's nonce.
#pragma once

#include "oidc/sso_jwk.hpp"

#include <Poco/JSON/Object.h>

#include <chrono>
#include <functional>
#include <string>

namespace veracross {

struct IdTokenExpectations {
    std::string issuer;   // {accounts_base_url}/{route}
    std::string audience; // the client id
    std::string nonce;    // the one begin put in the login context
    std::chrono::system_clock::time_point now;
    std::chrono::seconds clock_skew{120};
};

// The signing key for a kid ("" when the token names none), or nullptr.
using SigningKeyLookup = std::function<PublicKey(const std::string &kid)>;

// The verified claims. Throws PluginError(Status::auth_failed, "id_token_invalid")
// whose details name the failed check: malformed, algorithm, unknown_key,
// signature, issuer, audience, expired, issued_in_future, nonce.
Poco::JSON::Object::Ptr verify_id_token(const std::string &id_token, const IdTokenExpectations &expected,
                                        const SigningKeyLookup &signing_key);

} // namespace veracross

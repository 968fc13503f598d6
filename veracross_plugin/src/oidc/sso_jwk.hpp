// Veracross's id_token signing keys as published in its JWKS
// ({keys: [{kty: RSA, n, e, kid, use: sig, alg: RS256}]}), made into
// OpenSSL public keys.
#pragma once

#include <Poco/JSON/Object.h>

#include <openssl/types.h>

#include <map>
#include <memory>
#include <string>

namespace veracross {

using PublicKey = std::shared_ptr<EVP_PKEY>;

// RSA signing keys by kid. Keys that are not RSA, are meant for encryption
// or another algorithm, or are shorter than 2048 bits are left out.
using KeySet = std::map<std::string, PublicKey>;

KeySet parse_jwks(const Poco::JSON::Object &jwks);

// One JWK's public key, or nullptr when it is not a usable RS256 key.
PublicKey rsa_key_from_jwk(const Poco::JSON::Object &jwk);

} // namespace veracross

// The RSA keys of the id_tokens: the published one (JWKS) and a second one
// for the "wrong key" fault. Both are checked-in test keys (tests/certs/).
#pragma once

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Object.h>
#include <Poco/JWT/Token.h>
#include <Poco/SharedPtr.h>

#include <mutex>
#include <string>

namespace vcsim {

class SigningKeys {
  public:
    SigningKeys(const std::string &key_file, const std::string &wrong_key_file);

    const std::string &kid() const { return kid_; } // RFC 7638 thumbprint of the published key
    Poco::JSON::Object::Ptr jwks() const;           // {"keys": [{kty, kid, use, alg, n, e}]}
    // RS256 JWT with the published kid, signed by the published or the wrong key.
    std::string sign(Poco::JWT::Token &token, bool wrong_key);

  private:
    std::mutex mutex_; // signing shares the keys' OpenSSL objects
    Poco::SharedPtr<Poco::Crypto::RSAKey> key_;
    Poco::SharedPtr<Poco::Crypto::RSAKey> wrong_key_;
    std::string n_, e_, kid_;
};

} // namespace vcsim

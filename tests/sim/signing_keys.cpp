#include "signing_keys.hpp"

#include "encoding.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JWT/Signer.h>

namespace vcsim {

SigningKeys::SigningKeys(const std::string &key_file, const std::string &wrong_key_file)
    : key_(new Poco::Crypto::RSAKey("", key_file)), wrong_key_(new Poco::Crypto::RSAKey("", wrong_key_file)),
      n_(base64url(key_->modulus())), e_(base64url(key_->encryptionExponent())) {
    // RFC 7638: SHA-256 of the required members in lexical order, no spaces.
    kid_ = base64url(sha256(R"({"e":")" + e_ + R"(","kty":"RSA","n":")" + n_ + R"("})"));
}

Poco::JSON::Object::Ptr SigningKeys::jwks() const {
    Poco::JSON::Object::Ptr key = new Poco::JSON::Object(true);
    key->set("kty", "RSA");
    key->set("kid", kid_);
    key->set("use", "sig");
    key->set("alg", "RS256");
    key->set("n", n_);
    key->set("e", e_);
    Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
    keys->add(key);
    Poco::JSON::Object::Ptr set = new Poco::JSON::Object;
    set->set("keys", keys);
    return set;
}

std::string SigningKeys::sign(Poco::JWT::Token &token, bool wrong_key) {
    token.header().set("kid", kid_);
    std::lock_guard lock(mutex_);
    Poco::JWT::Signer signer(wrong_key ? wrong_key_ : key_);
    return signer.sign(token, Poco::JWT::Signer::ALGO_RS256);
}

} // namespace vcsim

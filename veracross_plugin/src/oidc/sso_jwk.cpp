#include "oidc/sso_jwk.hpp"

#include "oidc/sso_crypto.hpp"

#include <Poco/JSON/Array.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace veracross {
namespace {

constexpr int kMinimumRsaBits = 2048;

std::string text_member(const Poco::JSON::Object &o, const std::string &name) {
    if (!o.has(name) || !o.get(name).isString()) return {};
    return o.getValue<std::string>(name);
}

using BigNumber = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

BigNumber big_number(const std::string &base64url) {
    const auto bytes = base64url_decode(base64url);
    if (!bytes || bytes->empty()) return BigNumber(nullptr, &BN_free);
    return BigNumber(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes->data()),
                               static_cast<int>(bytes->size()), nullptr),
                     &BN_free);
}

} // namespace

PublicKey rsa_key_from_jwk(const Poco::JSON::Object &jwk) {
    const std::string use = text_member(jwk, "use"), alg = text_member(jwk, "alg");
    if (text_member(jwk, "kty") != "RSA" || (!use.empty() && use != "sig") || (!alg.empty() && alg != "RS256"))
        return nullptr;
    const BigNumber n = big_number(text_member(jwk, "n"));
    const BigNumber e = big_number(text_member(jwk, "e"));
    if (!n || !e || BN_num_bits(n.get()) < kMinimumRsaBits || !BN_is_odd(e.get()) || BN_is_one(e.get()))
        return nullptr;

    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
    if (!build || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
        return nullptr;
    std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(build.get()),
                                                                    &OSSL_PARAM_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), &EVP_PKEY_CTX_free);
    EVP_PKEY *key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return nullptr;
    return PublicKey(key, &EVP_PKEY_free);
}

KeySet parse_jwks(const Poco::JSON::Object &jwks) {
    KeySet keys;
    const auto list = jwks.getArray("keys");
    if (!list) return keys;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto jwk = list->getObject(static_cast<unsigned>(i));
        if (!jwk) continue;
        if (PublicKey key = rsa_key_from_jwk(*jwk)) keys.emplace(text_member(*jwk, "kid"), std::move(key));
    }
    return keys;
}

} // namespace veracross

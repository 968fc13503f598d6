// OpenID Connect id_tokens and the JWKS their keys come from
// (sso_id_token.cpp, sso_jwk.cpp, sso_signing_keys.cpp's key choice). The
// first byte picks what the rest is:
//   0: a JWKS JSON, then optionally a newline and an id_token checked
//      against the keys that JWKS gave;
//   1: an id_token checked against the simulator's signing key
//      (tests/certs/jwt_signing.key, whose JWKS is in the corpus);
//   2: a header JSON, a newline, a claims JSON: signed here with that key,
//      so the fuzzer reaches the claim checks behind the signature.
// Any input gives keys (or none) and verified claims or
// PluginError(veracross::Status::auth_failed id_token_invalid), never a crash; a token
// that passes really is RS256 and meant for us.
#include "fuzz_support.hpp"

#include "common/plugin_error.hpp"
#include "oidc/sso_crypto.hpp"
#include "oidc/sso_id_token.hpp"
#include "sso/sso_identity.hpp"
#include "oidc/sso_jwk.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <memory>

namespace {

using veracross::PublicKey;

// Its private half signs mode 2's tokens; its public half checks them.
EVP_PKEY *signing_key() {
    static EVP_PKEY *key = [] {
        const std::string file = SIS_SOURCE_DIR "/tests/certs/jwt_signing.key";
        std::unique_ptr<FILE, decltype(&std::fclose)> in(std::fopen(file.c_str(), "r"), &std::fclose);
        EVP_PKEY *k = in ? PEM_read_PrivateKey(in.get(), nullptr, nullptr, nullptr) : nullptr;
        if (!k) fuzz::broken("the test signing key " + file + " can be read");
        return k;
    }();
    return key;
}

PublicKey signing_public_key() {
    EVP_PKEY_up_ref(signing_key());
    return PublicKey(signing_key(), &EVP_PKEY_free);
}

// What the plugin would expect for the simulator's school of the corpus token.
veracross::IdTokenExpectations expectations() {
    veracross::IdTokenExpectations e;
    e.issuer = "http://127.0.0.1:41473/demo-school";
    e.audience = "0123456789abcdef0123456789abcdef";
    e.nonce = "n0nce";
    e.now = std::chrono::system_clock::time_point(std::chrono::seconds(1795943100));
    return e;
}

std::string rs256_signed(const std::string &signing_input) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, signing_key()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, nullptr, 0) != 1)
        fuzz::broken("OpenSSL can sign");
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(signing_input.data()), signing_input.size()) != 1)
        fuzz::broken("OpenSSL can sign");
    signature.resize(length);
    return signature;
}

void verify(const std::string &id_token, const veracross::SigningKeyLookup &lookup) {
    try {
        const auto claims = veracross::verify_id_token(id_token, expectations(), lookup);
        const veracross::SsoIdentity who = veracross::identity_from_claims(*claims, "id_token");
        if (who.sub.empty()) fuzz::broken("a verified id_token names its subject");
        if (claims->optValue<std::string>("iss", "") != expectations().issuer)
            fuzz::broken("a verified id_token comes from the expected issuer");
        veracross::identity_json(who, fuzz::school_config());
    } catch (const veracross::PluginError &e) {
        if (e.status() != veracross::Status::auth_failed || e.code() != "id_token_invalid")
            fuzz::broken("a bad id_token is SIS_AUTH_FAILED id_token_invalid");
    }
}

// The key choice of sso_signing_keys.cpp: by kid, or the only key for none.
veracross::SigningKeyLookup lookup_in(const veracross::KeySet &keys) {
    return [&keys](const std::string &kid) -> PublicKey {
        if (kid.empty()) return keys.size() == 1 ? keys.begin()->second : nullptr;
        const auto found = keys.find(kid);
        return found == keys.end() ? nullptr : found->second;
    };
}

void jwks_then_token(const std::string &input) {
    const std::size_t newline = input.find('\n');
    Poco::JSON::Object::Ptr jwks;
    try {
        jwks = Poco::JSON::Parser().parse(input.substr(0, newline)).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        return; // not JSON: json_object_body's business, fuzzed with the token answer
    }
    if (!jwks) return;
    const veracross::KeySet keys = veracross::parse_jwks(*jwks);
    for (const auto &key : keys)
        if (!key.second || EVP_PKEY_get_bits(key.second.get()) < 2048)
            fuzz::broken("a JWKS gives only RSA keys of at least 2048 bits");
    if (newline != std::string::npos) verify(input.substr(newline + 1), lookup_in(keys));
}

void signed_here(const std::string &input) {
    const std::size_t newline = input.find('\n');
    if (newline == std::string::npos) return;
    const std::string signing_input = veracross::base64url_encode(input.substr(0, newline)) + "." +
                                      veracross::base64url_encode(input.substr(newline + 1));
    const veracross::KeySet keys{{"hYAp8_uXvC4KHIBW7V2lC2sNNpYgn0xudPdLNDD_ORE", signing_public_key()}};
    verify(signing_input + "." + veracross::base64url_encode(rs256_signed(signing_input)), lookup_in(keys));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0) return 0;
    const std::string rest = fuzz::text(data + 1, size - 1);
    switch (data[0] % 3) {
    case 0: jwks_then_token(rest); break;
    case 1: {
        const veracross::KeySet keys{{"hYAp8_uXvC4KHIBW7V2lC2sNNpYgn0xudPdLNDD_ORE", signing_public_key()}};
        verify(rest, lookup_in(keys));
        break;
    }
    default: signed_here(rest); break;
    }
    return 0;
}

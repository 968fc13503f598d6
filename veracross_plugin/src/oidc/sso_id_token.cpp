#include "oidc/sso_id_token.hpp"

#include "common/plugin_error.hpp"
#include "oidc/sso_crypto.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <openssl/evp.h>

#include <cmath>
#include <memory>
#include <optional>

namespace veracross {
namespace {

// Real id_tokens are about 1 KB; refuse to parse anything absurd.
constexpr std::size_t kMaxTokenLength = 16384;

PluginError invalid(const std::string &check, const std::string &problem) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("check", check);
    return PluginError(Status::auth_failed, "id_token_invalid",
                       "Veracross's id_token failed the " + check + " check: " + problem +
                           ". The login was refused: ask the user to log in again; if it keeps "
                           "happening, contact Veracross support.",
                       d);
}

Poco::JSON::Object::Ptr json_part(const std::string &part) {
    const auto bytes = base64url_decode(part);
    if (!bytes) return nullptr;
    try {
        return Poco::JSON::Parser().parse(*bytes).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        return nullptr;
    }
}

std::optional<std::string> text_claim(const Poco::JSON::Object &claims, const std::string &name) {
    if (!claims.has(name) || !claims.get(name).isString()) return std::nullopt;
    return claims.getValue<std::string>(name);
}

std::optional<std::int64_t> time_claim(const Poco::JSON::Object &claims, const std::string &name) {
    if (!claims.has(name) || !claims.get(name).isNumeric()) return std::nullopt;
    const double seconds = claims.get(name).convert<double>();
    // Beyond 30,000 years from 1970 the cast and the checks' arithmetic would overflow.
    if (!(std::fabs(seconds) <= 1e12)) return std::nullopt;
    return static_cast<std::int64_t>(seconds);
}

bool rs256_signature_matches(EVP_PKEY *key, const std::string &signed_part, const std::string &signature) {
    if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(key))) return false;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
           EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char *>(signed_part.data()), signed_part.size()) == 1;
}

// aud is one string or a list; with several audiences, azp must be us (OIDC Core 3.1.3.7).
bool meant_for(const Poco::JSON::Object &claims, const std::string &client_id) {
    if (const auto aud = text_claim(claims, "aud")) return *aud == client_id;
    const auto list = claims.getArray("aud");
    if (!list || list->size() == 0) return false;
    bool listed = false;
    for (const auto &entry : *list) listed = listed || (entry.isString() && entry.extract<std::string>() == client_id);
    return listed && (list->size() == 1 || text_claim(claims, "azp") == client_id);
}

} // namespace

Poco::JSON::Object::Ptr verify_id_token(const std::string &id_token, const IdTokenExpectations &expected,
                                        const SigningKeyLookup &signing_key) {
    const auto first_dot = id_token.find('.');
    const auto second_dot = first_dot == std::string::npos ? first_dot : id_token.find('.', first_dot + 1);
    if (id_token.size() > kMaxTokenLength || second_dot == std::string::npos ||
        id_token.find('.', second_dot + 1) != std::string::npos)
        throw invalid("malformed", "it is not a signed JWT of three parts");
    const auto header = json_part(id_token.substr(0, first_dot));
    const auto claims = json_part(id_token.substr(first_dot + 1, second_dot - first_dot - 1));
    const auto signature = base64url_decode(id_token.substr(second_dot + 1));
    if (!header || !claims || !signature) throw invalid("malformed", "its parts are not base64url JSON");

    if (text_claim(*header, "alg") != std::string("RS256"))
        throw invalid("algorithm", "it is not signed with RS256, the only algorithm Veracross uses");
    const PublicKey key = signing_key(text_claim(*header, "kid").value_or(""));
    if (!key) throw invalid("unknown_key", "it is signed with a key Veracross does not publish for this school");
    if (!rs256_signature_matches(key.get(), id_token.substr(0, second_dot), *signature))
        throw invalid("signature", "its signature does not match Veracross's published key, so it may be forged "
                                   "or altered");

    const auto issuer = text_claim(*claims, "iss");
    const auto subject = text_claim(*claims, "sub");
    const auto expires = time_claim(*claims, "exp");
    const auto issued = time_claim(*claims, "iat");
    if (!issuer || !subject || subject->empty() || !expires || !issued || !claims->has("aud"))
        throw invalid("malformed", "it lacks one of the claims iss, sub, aud, exp, iat");
    if (*issuer != expected.issuer)
        throw invalid("issuer", "it was not issued by " + expected.issuer);
    if (!meant_for(*claims, expected.audience))
        throw invalid("audience", "it was issued for another application than Client ID " + expected.audience);

    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(expected.now.time_since_epoch()).count();
    const std::int64_t skew = expected.clock_skew.count();
    if (now > *expires + skew)
        throw invalid("expired", "it expired " + std::to_string(now - *expires) +
                                     " seconds ago (if logins keep failing so, check this server's clock)");
    if (*issued > now + skew)
        throw invalid("issued_in_future", "it claims to be issued " + std::to_string(*issued - now) +
                                              " seconds from now (check this server's clock)");
    if (!equal_constant_time(text_claim(*claims, "nonce").value_or(""), expected.nonce) || expected.nonce.empty())
        throw invalid("nonce", "it does not carry this login's nonce, so it may be replayed from another login");
    return claims;
}

} // namespace veracross

// The id_token check, check by check, with tokens signed by the test keys
// (tests/certs/jwt_signing.key is the published one, jwt_wrong.key is not).
#include "oidc/sso_id_token.hpp"
#include "common/plugin_error.hpp"
#include "simulator.hpp"
#include "oidc/sso_crypto.hpp"

#include <catch2/catch.hpp>

#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Array.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <sstream>

using namespace veracross;
using Clock = std::chrono::system_clock;

namespace {

const std::string kIssuer = "https://127.0.0.1:4443/demo";
const std::string kClient = "0123456789abcdef0123456789abcdef";
const std::string kNonce = "nonce-of-this-login";
const std::string kKid = "the-kid";

Poco::SharedPtr<Poco::Crypto::RSAKey> rsa(const std::string &file) {
    return new Poco::Crypto::RSAKey("", vcsim::test_cert_dir() + "/" + file);
}

std::string text_of(const std::vector<unsigned char> &bytes) { return std::string(bytes.begin(), bytes.end()); }

Poco::JSON::Object jwk_of(const Poco::Crypto::RSAKey &key) {
    Poco::JSON::Object jwk;
    jwk.set("kty", "RSA");
    jwk.set("kid", kKid);
    jwk.set("use", "sig");
    jwk.set("alg", "RS256");
    jwk.set("n", base64url_encode(text_of(key.modulus())));
    jwk.set("e", base64url_encode(text_of(key.encryptionExponent())));
    return jwk;
}

PublicKey published_key() { return rsa_key_from_jwk(jwk_of(*rsa("jwt_signing.key"))); }

SigningKeyLookup lookup() {
    return [](const std::string &kid) { return kid == kKid ? published_key() : nullptr; };
}

Poco::Timestamp at(Clock::time_point t) {
    return Poco::Timestamp::fromEpochTime(Clock::to_time_t(t));
}

Poco::JWT::Token good_token(Clock::time_point now) {
    Poco::JWT::Token t;
    t.setType("JWT");
    t.header().set("kid", kKid);
    t.setIssuer(kIssuer);
    t.setSubject("acct-1234");
    t.setAudience(kClient);
    t.setIssuedAt(at(now));
    t.setExpiration(at(now + std::chrono::hours(1)));
    t.payload().set("nonce", kNonce);
    t.payload().set("preferred_username", "jane.doe");
    t.payload().set("email", "jane@example.org");
    return t;
}

std::string signed_with(Poco::JWT::Token t, const std::string &key_file = "jwt_signing.key") {
    return Poco::JWT::Signer(rsa(key_file)).sign(t, Poco::JWT::Signer::ALGO_RS256);
}

IdTokenExpectations expected(Clock::time_point now) {
    IdTokenExpectations e;
    e.issuer = kIssuer;
    e.audience = kClient;
    e.nonce = kNonce;
    e.now = now;
    return e;
}

// The failed check's name, or "passed".
std::string check_failed(const std::string &token, const IdTokenExpectations &e,
                         const SigningKeyLookup &keys = lookup()) {
    try {
        verify_id_token(token, e, keys);
        return "passed";
    } catch (const PluginError &error) {
        CHECK(error.status() == veracross::Status::auth_failed);
        CHECK(error.code() == "id_token_invalid");
        const std::string check = error.details()->getValue<std::string>("check");
        CHECK_THAT(error.what(), Catch::Contains("failed the " + check + " check"));
        return check;
    }
}

std::string part(const std::string &token, int index) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
    return token.substr(start, token.find('.', start) - start);
}

} // namespace

TEST_CASE("id_token: a good one gives its claims") {
    const auto now = Clock::now();
    const auto claims = verify_id_token(signed_with(good_token(now)), expected(now), lookup());
    CHECK(claims->getValue<std::string>("sub") == "acct-1234");
    CHECK(claims->getValue<std::string>("preferred_username") == "jane.doe");
}

TEST_CASE("id_token: signature - another key, an altered payload, an unknown kid") {
    const auto now = Clock::now();
    CHECK(check_failed(signed_with(good_token(now), "jwt_wrong.key"), expected(now)) == "signature");

    const std::string token = signed_with(good_token(now));
    auto claims = good_token(now);
    claims.setSubject("acct-9999");
    const std::string forged_payload = part(signed_with(claims), 1);
    CHECK(check_failed(part(token, 0) + "." + forged_payload + "." + part(token, 2), expected(now)) == "signature");

    auto other_kid = good_token(now);
    other_kid.header().set("kid", "rotated-away");
    CHECK(check_failed(signed_with(other_kid), expected(now)) == "unknown_key");
}

TEST_CASE("id_token: only RS256 - none and HMAC (signed with the public key) are refused") {
    const auto now = Clock::now();
    auto t = good_token(now);
    t.setAlgorithm("none");
    std::ostringstream header, claims;
    t.header().stringify(header);
    t.payload().stringify(claims);
    const std::string unsigned_token = base64url_encode(header.str()) + "." + base64url_encode(claims.str()) + ".";
    CHECK(check_failed(unsigned_token, expected(now)) == "algorithm");

    auto h = good_token(now);
    const auto jwk = jwk_of(*rsa("jwt_signing.key"));
    const std::string hmac = Poco::JWT::Signer(jwk.getValue<std::string>("n")).sign(h, Poco::JWT::Signer::ALGO_HS256);
    CHECK(check_failed(hmac, expected(now)) == "algorithm");
}

TEST_CASE("id_token: issuer, audience, nonce") {
    const auto now = Clock::now();
    auto issuer = good_token(now);
    issuer.setIssuer("https://127.0.0.1:4443/other-school");
    CHECK(check_failed(signed_with(issuer), expected(now)) == "issuer");

    auto audience = good_token(now);
    audience.setAudience("another-client-" + kClient);
    CHECK(check_failed(signed_with(audience), expected(now)) == "audience");
    auto several = good_token(now);
    several.setAudience(std::vector<std::string>{kClient, "another-client"});
    CHECK(check_failed(signed_with(several), expected(now)) == "audience");
    several.payload().set("azp", kClient);
    CHECK(check_failed(signed_with(several), expected(now)) == "passed");

    auto nonce = good_token(now);
    nonce.payload().set("nonce", "nonce-of-another-login");
    CHECK(check_failed(signed_with(nonce), expected(now)) == "nonce");
    auto no_nonce = good_token(now);
    no_nonce.payload().remove("nonce");
    CHECK(check_failed(signed_with(no_nonce), expected(now)) == "nonce");
}

TEST_CASE("id_token: expiry and issue time, with two minutes of clock skew") {
    const auto now = Clock::now();
    const std::string token = signed_with(good_token(now));
    CHECK(check_failed(token, expected(now + std::chrono::hours(1) + std::chrono::seconds(100))) == "passed");
    CHECK(check_failed(token, expected(now + std::chrono::hours(1) + std::chrono::seconds(200))) == "expired");
    CHECK(check_failed(token, expected(now - std::chrono::seconds(100))) == "passed");
    CHECK(check_failed(token, expected(now - std::chrono::seconds(200))) == "issued_in_future");
}

TEST_CASE("id_token: malformed ones never reach the key") {
    const auto now = Clock::now();
    const SigningKeyLookup never = [](const std::string &) -> PublicKey {
        FAIL("the key was looked up");
        return nullptr;
    };
    for (const std::string bad : {"", "abc", "a.b", "a.b.c.d", "!!.??.**", "e30.e30.e30"})
        CHECK(check_failed(bad, expected(now), never) == (bad == "e30.e30.e30" ? "algorithm" : "malformed"));

    auto no_exp = good_token(now);
    no_exp.payload().remove("exp");
    CHECK(check_failed(signed_with(no_exp), expected(now)) == "malformed");
}

TEST_CASE("JWKS: only RSA signing keys of at least 2048 bits for RS256 are taken") {
    const auto good = jwk_of(*rsa("jwt_signing.key"));
    CHECK(rsa_key_from_jwk(good));
    for (const auto &[name, value] : std::vector<std::pair<std::string, std::string>>{
             {"kty", "EC"}, {"use", "enc"}, {"alg", "RS512"}, {"n", "AQAB"}, {"e", "AQ"}, {"n", "not base64!"}}) {
        Poco::JSON::Object changed(good);
        changed.set(name, value);
        INFO(name << "=" << value);
        CHECK_FALSE(rsa_key_from_jwk(changed));
    }
    Poco::JSON::Object set;
    Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
    keys->add(Poco::JSON::Object::Ptr(new Poco::JSON::Object(good)));
    Poco::JSON::Object::Ptr ec = new Poco::JSON::Object;
    ec->set("kty", "EC");
    keys->add(ec);
    set.set("keys", keys);
    const KeySet parsed = parse_jwks(set);
    CHECK(parsed.size() == 1);
    CHECK(parsed.count(kKid) == 1);
}

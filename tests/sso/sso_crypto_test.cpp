// The OpenSSL pieces under SSO: base64url (strict), HKDF against RFC 5869,
// AES-256-GCM refusing any change, constant-time comparison, randomness.
#include "oidc/sso_crypto.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace veracross;

namespace {

std::string from_hex(const std::string &hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

} // namespace

TEST_CASE("base64url: RFC 4648 vectors without padding, and anything else is refused") {
    const std::pair<const char *, const char *> vectors[] = {
        {"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"},
        {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
    for (const auto &[plain, encoded] : vectors) {
        CHECK(base64url_encode(plain) == encoded);
        CHECK(base64url_decode(encoded) == std::string(plain));
    }
    CHECK_FALSE(base64url_decode("Zg=="));  // padding
    CHECK_FALSE(base64url_decode("Zm9v+")); // the other alphabet
    CHECK_FALSE(base64url_decode("Z"));     // a lone character
    CHECK_FALSE(base64url_decode("Zh"));    // stray bits
    CHECK_FALSE(base64url_decode("Zm 9v"));
}

TEST_CASE("HKDF-SHA256 matches RFC 5869 test case 1") {
    const std::string okm = hkdf_sha256(std::string(22, '\x0b'), from_hex("000102030405060708090a0b0c"),
                                        from_hex("f0f1f2f3f4f5f6f7f8f9"), 42);
    CHECK(okm == from_hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
}

TEST_CASE("AES-256-GCM: opens what it sealed, refuses any change, another key or other data") {
    const std::string key(32, 'k'), plain = "the verifier and the state";
    const std::string box = aes_gcm_seal(key, plain, "label");
    CHECK(aes_gcm_open(key, box, "label") == plain);
    CHECK(aes_gcm_seal(key, plain, "label") != box); // a fresh nonce each time
    for (std::size_t i = 0; i < box.size(); ++i) {
        std::string changed = box;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        CHECK_FALSE(aes_gcm_open(key, changed, "label"));
    }
    CHECK_FALSE(aes_gcm_open(std::string(32, 'x'), box, "label"));
    CHECK_FALSE(aes_gcm_open(key, box, "other label"));
    CHECK_FALSE(aes_gcm_open(key, box.substr(0, box.size() - 1), "label"));
    CHECK_FALSE(aes_gcm_open(key, "", "label"));
}

TEST_CASE("random tokens are 256 bits, distinct, and comparison needs equal lengths and contents") {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) seen.insert(random_token(32));
    CHECK(seen.size() == 100);
    CHECK(seen.begin()->size() == 43);
    CHECK(equal_constant_time("abc", "abc"));
    CHECK_FALSE(equal_constant_time("abc", "abd"));
    CHECK_FALSE(equal_constant_time("abc", "abcd"));
    CHECK_FALSE(equal_constant_time("", "a"));
}

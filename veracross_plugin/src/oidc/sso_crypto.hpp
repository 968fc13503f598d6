// The few cryptographic pieces single sign-on needs, on OpenSSL: random
// values, base64url, SHA-256, constant-time comparison, HKDF and
// AES-256-GCM. Failures of OpenSSL itself are PluginError(Status::internal).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace veracross {

// `bytes` bytes from OpenSSL's CSPRNG (RAND_bytes), base64url without padding.
std::string random_token(std::size_t bytes);

// RFC 4648 section 5, without padding.
std::string base64url_encode(const std::string &bytes);
// Strict: only the base64url alphabet, no padding, no stray bits. nullopt otherwise.
std::optional<std::string> base64url_decode(const std::string &text);

std::string sha256(const std::string &bytes); // the raw 32-byte digest

// Compares in time that depends only on the lengths, never on the contents.
bool equal_constant_time(const std::string &a, const std::string &b);

// RFC 5869 HKDF-SHA256: `length` bytes of key material.
std::string hkdf_sha256(const std::string &secret, const std::string &salt, const std::string &info,
                        std::size_t length);

// AES-256-GCM with a fresh random 96-bit nonce: nonce || ciphertext || tag.
// `key` is 32 bytes; `aad` is authenticated but not encrypted.
std::string aes_gcm_seal(const std::string &key, const std::string &plaintext, const std::string &aad);
// The plaintext, or nullopt when the box was altered, truncated or sealed with another key.
std::optional<std::string> aes_gcm_open(const std::string &key, const std::string &box, const std::string &aad);

} // namespace veracross

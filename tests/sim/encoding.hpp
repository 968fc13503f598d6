// Small encodings the OAuth side needs: random hex ids, base64url, SHA-256.
#pragma once

#include <string>
#include <vector>

namespace vcsim {

// `length` random lowercase hex characters (tokens, codes, secrets).
std::string random_hex(std::size_t length);
// base64url without padding (JWT, JWKS, PKCE).
std::string base64url(const std::vector<unsigned char> &bytes);
std::string base64url(const std::string &bytes);
std::vector<unsigned char> sha256(const std::string &data);

} // namespace vcsim

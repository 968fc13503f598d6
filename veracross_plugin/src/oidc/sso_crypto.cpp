#include "oidc/sso_crypto.hpp"

#include "common/plugin_error.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <memory>

namespace veracross {
namespace {

constexpr std::size_t kGcmNonceBytes = 12;
constexpr std::size_t kGcmTagBytes = 16;

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

[[noreturn]] void openssl_failed(const std::string &what) {
    throw PluginError(Status::internal, "crypto_failed", "OpenSSL could not " + what);
}

unsigned char *bytes_of(std::string &s) { return reinterpret_cast<unsigned char *>(s.data()); }
const unsigned char *bytes_of(const std::string &s) {
    return reinterpret_cast<const unsigned char *>(s.data());
}

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_cipher_context() {
    CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) openssl_failed("allocate a cipher");
    return ctx;
}

} // namespace

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(bytes_of(raw), static_cast<int>(bytes)) != 1) openssl_failed("produce random bytes");
    return base64url_encode(raw);
}

std::string base64url_encode(const std::string &bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    unsigned bits = 0;
    int pending = 0;
    for (unsigned char c : bytes) {
        bits = (bits << 8) | c;
        pending += 8;
        while (pending >= 6) {
            pending -= 6;
            out += kAlphabet[(bits >> pending) & 0x3f];
        }
    }
    if (pending > 0) out += kAlphabet[(bits << (6 - pending)) & 0x3f];
    return out;
}

std::optional<std::string> base64url_decode(const std::string &text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned bits = 0;
    int pending = 0;
    for (char c : text) {
        const int v = sextet(c);
        if (v < 0) return std::nullopt;
        bits = (bits << 6) | static_cast<unsigned>(v);
        pending += 6;
        if (pending >= 8) {
            pending -= 8;
            out += static_cast<char>((bits >> pending) & 0xff);
        }
    }
    if ((bits & ((1u << pending) - 1)) != 0) return std::nullopt; // non-canonical trailing bits
    return out;
}

std::string sha256(const std::string &bytes) {
    std::string digest(32, '\0');
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), bytes_of(digest), &length, EVP_sha256(), nullptr) != 1 ||
        length != digest.size())
        openssl_failed("compute SHA-256");
    return digest;
}

bool equal_constant_time(const std::string &a, const std::string &b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string hkdf_sha256(const std::string &secret, const std::string &salt, const std::string &info,
                        std::size_t length) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr), &EVP_PKEY_CTX_free);
    std::string key(length, '\0');
    std::size_t out_length = length;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) != 1 ||
        EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), bytes_of(salt), static_cast<int>(salt.size())) != 1 ||
        EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), bytes_of(secret), static_cast<int>(secret.size())) != 1 ||
        EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), bytes_of(info), static_cast<int>(info.size())) != 1 ||
        EVP_PKEY_derive(ctx.get(), bytes_of(key), &out_length) != 1 || out_length != length)
        openssl_failed("derive a key (HKDF)");
    return key;
}

std::string aes_gcm_seal(const std::string &key, const std::string &plaintext, const std::string &aad) {
    std::string nonce(kGcmNonceBytes, '\0');
    if (RAND_bytes(bytes_of(nonce), static_cast<int>(nonce.size())) != 1) openssl_failed("produce a nonce");
    std::string body(plaintext.size(), '\0');
    std::string tag(kGcmTagBytes, '\0');
    auto ctx = new_cipher_context();
    int n = 0, final_n = 0;
    if (key.size() != 32 ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes_of(key), bytes_of(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes_of(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), bytes_of(body), &n, bytes_of(plaintext), static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), bytes_of(body) + n, &final_n) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag.size()), bytes_of(tag)) != 1)
        openssl_failed("encrypt (AES-256-GCM)");
    return nonce + body + tag;
}

std::optional<std::string> aes_gcm_open(const std::string &key, const std::string &box, const std::string &aad) {
    if (key.size() != 32 || box.size() < kGcmNonceBytes + kGcmTagBytes) return std::nullopt;
    const std::string nonce = box.substr(0, kGcmNonceBytes);
    const std::string body = box.substr(kGcmNonceBytes, box.size() - kGcmNonceBytes - kGcmTagBytes);
    std::string tag = box.substr(box.size() - kGcmTagBytes);
    std::string plaintext(body.size(), '\0');
    auto ctx = new_cipher_context();
    int n = 0, final_n = 0;
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes_of(key), bytes_of(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes_of(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), bytes_of(plaintext), &n, bytes_of(body), static_cast<int>(body.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()), bytes_of(tag)) != 1)
        openssl_failed("decrypt (AES-256-GCM)");
    if (EVP_DecryptFinal_ex(ctx.get(), bytes_of(plaintext) + n, &final_n) != 1) return std::nullopt;
    return plaintext;
}

} // namespace veracross

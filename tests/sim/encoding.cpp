#include "encoding.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>

#include <random>
#include <sstream>

namespace vcsim {

std::string random_hex(std::size_t length) {
    // One engine per thread: no locking, and random_device seeds each.
    thread_local std::mt19937_64 engine{std::random_device{}()};
    static const char digits[] = "0123456789abcdef";
    std::string out(length, '0');
    for (auto &c : out) c = digits[engine() & 0xF];
    return out;
}

std::string base64url(const std::vector<unsigned char> &bytes) {
    return base64url(std::string(bytes.begin(), bytes.end()));
}

std::string base64url(const std::string &bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::vector<unsigned char> sha256(const std::string &data) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(data);
    return engine.digest();
}

} // namespace vcsim

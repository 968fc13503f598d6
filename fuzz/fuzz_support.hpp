// What the fuzz targets share: the input as text, the made-up school they
// run as, and how a target reports a broken promise (an abort, which
// libFuzzer and the replay test both treat as a failure).
//
// The rule every target checks: bad input ends in the parser's documented
// error (PluginError, ManifestError...), never in another exception, a crash
// or a sanitizer report. Targets catch only the documented error type, so
// anything else escapes LLVMFuzzerTestOneInput and counts as a crash.
#pragma once

#include "config/config.hpp"
#include "common/plugin_error.hpp"

#include <Poco/JSON/Parser.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>

namespace fuzz {

inline std::string text(const std::uint8_t *data, std::size_t size) {
    return std::string(reinterpret_cast<const char *>(data), size);
}

[[noreturn]] inline void broken(const std::string &promise) {
    std::fprintf(stderr, "fuzz: broken promise: %s\n", promise.c_str());
    std::abort();
}

// Stands in for a secret (client secret, token, code): it occurs nowhere
// else, so finding it in an error means the error echoes the secret.
constexpr const char *kSecretMarker = "zqSECRETqz-4f1c9a70";

inline void expect_no_secret(const std::string &where, const std::string &text) {
    if (text.find(kSecretMarker) != std::string::npos) broken("a secret leaked into " + where + ": " + text);
}

// An error as everything the host would see of it: message, code and details.
inline std::string error_text(const veracross::PluginError &e) {
    std::ostringstream out;
    out << e.code() << ' ' << e.what();
    if (e.details()) e.details()->stringify(out);
    return out.str();
}

// The JSON text with the text member `name` of its top-level object set to
// kSecretMarker; nullopt when the text is not such an object, or when the
// marker is already in it (libFuzzer learns it from the checks' compares:
// then a marker found in an error would prove nothing).
inline std::optional<std::string> with_secret_marker(const std::string &json, const std::string &name) {
    Poco::JSON::Object::Ptr obj;
    try {
        obj = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        return std::nullopt;
    }
    if (!obj || !obj->has(name) || !obj->get(name).isString()) return std::nullopt;
    std::ostringstream before;
    obj->stringify(before); // decoded: catches a marker spelt with \u escapes too
    if (before.str().find(kSecretMarker) != std::string::npos) return std::nullopt;
    obj->set(name, std::string(kSecretMarker));
    std::ostringstream out;
    obj->stringify(out);
    return out.str();
}

// A made-up school. Its URLs point at a closed local port: no target is
// meant to reach the network, and should one ever try, it fails at once.
inline veracross::Config school_config() {
    veracross::Config c;
    c.school_route = "fuzz-school";
    c.client_id = "0123456789abcdef0123456789abcdef";
    c.client_secret = "fuzz-placeholder-not-a-secret"; // made up: the key the sealed contexts are made with
    c.integration_type = "sso";
    c.accounts_base_url = "http://127.0.0.1:9";
    c.api_base_url = "http://127.0.0.1:9";
    c.timeout_seconds = 1;
    c.sso_scope = "sso";
    return c;
}

} // namespace fuzz

// Debian's Chromium, headless, for the browser test: started with a private
// profile and the DevTools protocol on a free port (read from the profile's
// DevToolsActivePort file), stopped (SIGTERM, then SIGKILL) on destruction.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace serve_test {

class Chromium {
public:
    // `extra_flags` are added to the headless ones. Throws std::runtime_error
    // when Chromium does not start or opens no DevTools port within 30 s.
    Chromium(const std::string &executable, const std::vector<std::string> &extra_flags);
    ~Chromium();
    Chromium(const Chromium &) = delete;
    Chromium &operator=(const Chromium &) = delete;

    int devtools_port() const { return port_; }
    // The DevTools WebSocket URL of the first page (tab).
    std::string page_websocket_url() const;

private:
    void stop(); // ends the browser, removes its profile and singleton folder

    std::string profile_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// base64(SHA-256(SubjectPublicKeyInfo)) of a PEM certificate's key, for
// --ignore-certificate-errors-spki-list (trust that one key, nothing else).
std::string spki_fingerprint(const std::string &pem_file);

} // namespace serve_test

// A plain-HTTP relay in front of the simulator that remembers every secret
// it carries: the client secret, codes and PKCE verifiers of requests, and
// the access, refresh and id tokens of answers. The secrets scan then looks
// for each of them in everything the plugin said, without having to guess
// them. The Host header is passed on, so the simulator's issuer and
// discovery URLs name the relay, as the plugin's config does.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace Poco::Net {
class HTTPServer;
}

namespace sso_test {

class RecordingRelay {
public:
    explicit RecordingRelay(const std::string &target_base_url); // http://127.0.0.1:PORT
    ~RecordingRelay();
    RecordingRelay(const RecordingRelay &) = delete;
    RecordingRelay &operator=(const RecordingRelay &) = delete;

    std::string base_url() const; // http://127.0.0.1:PORT of the relay

    // Every secret value seen so far, in requests and answers.
    std::set<std::string> secrets() const;

    // Used by the relay's request handler.
    void remember(const std::string &value);
    const std::string &target() const { return target_; }

private:
    const std::string target_;
    mutable std::mutex mutex_;
    std::set<std::string> secrets_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

} // namespace sso_test

// The pieces of the secrets sweep (secrets_sweep_test.cpp): a transcript of
// everything that left the plugin or the host (results, errors, log lines of
// every level, progress labels, standard output and error, written files),
// host services that feed it, and the scan of it for secret values in every
// form they could take.
#pragma once

#include "sis_plugin.h"

#include <boost/filesystem.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace hardening {

class Transcript {
public:
    // `where` says what the text is ("connect result", "log", "file roster.json").
    void add(const std::string &where, const std::string &text);
    // Every regular file under `folder`, recursively, as "file <relative path>".
    void add_files(const boost::filesystem::path &folder);
    std::size_t size() const;
    std::size_t files() const;

    // Fails the test for each secret (in any of secret_forms, with the
    // school's client id) found anywhere; REQUIREs that no secret is too
    // short to mean anything.
    void check_clean(const std::set<std::string> &secrets, const std::string &client_id) const;

private:
    struct Entry {
        std::string where, text;
    };
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
    std::size_t files_ = 0;
};

// `secret` as it could leak: as is, URL-encoded, base64 (alone, and as HTTP
// Basic credentials "client_id:secret" when client_id is given), base64url.
std::vector<std::string> secret_forms(const std::string &secret, const std::string &client_id = {});

// Host services whose log lines (every level) and progress labels go to a
// Transcript; is_cancelled answers `cancel`.
class RecordingHost {
public:
    explicit RecordingHost(Transcript &transcript);
    const sis_host_services *services() const { return &services_; }
    std::atomic<bool> cancel{false};
    std::atomic<int> progress_calls{0};

private:
    Transcript &transcript_;
    sis_host_services services_{};
};

} // namespace hardening

#include "secrets_sweep.hpp"

#include <catch2/catch.hpp>

#include <Poco/Base64Encoder.h>
#include <Poco/URI.h>

#include <fstream>
#include <sstream>

namespace hardening {
namespace {

std::string base64(const std::string &bytes, int options = 0) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, options);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::string read_file(const boost::filesystem::path &p) {
    std::ifstream in(p.string(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

void Transcript::add(const std::string &where, const std::string &text) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.push_back({where, text});
}

void Transcript::add_files(const boost::filesystem::path &folder) {
    namespace fs = boost::filesystem;
    for (fs::recursive_directory_iterator it(folder), end; it != end; ++it) {
        if (!fs::is_regular_file(it->path())) continue;
        add("file " + fs::relative(it->path(), folder).string(), read_file(it->path()));
        std::lock_guard<std::mutex> lock(mutex_);
        ++files_;
    }
}

std::size_t Transcript::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

std::size_t Transcript::files() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return files_;
}

void Transcript::check_clean(const std::set<std::string> &secrets, const std::string &client_id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto &secret : secrets) {
        REQUIRE(secret.size() >= 16); // a short value would match by chance
        for (const auto &form : secret_forms(secret, client_id))
            for (const auto &e : entries_) {
                if (e.text.find(form) == std::string::npos) continue;
                FAIL_CHECK("a secret (" << secret.size() << " characters, as \"" << form.substr(0, 4)
                                        << "...\") is in " << e.where << ": " << e.text.substr(0, 300));
            }
    }
}

std::vector<std::string> secret_forms(const std::string &secret, const std::string &client_id) {
    std::string url_encoded;
    Poco::URI::encode(secret, "!#$&'()*+,/:;=?@[]", url_encoded);
    std::vector<std::string> forms{secret, url_encoded, base64(secret),
                                   base64(secret, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING)};
    if (!client_id.empty()) forms.push_back(base64(client_id + ":" + secret));
    return forms;
}

RecordingHost::RecordingHost(Transcript &transcript) : transcript_(transcript) {
    services_.struct_size = sizeof services_;
    services_.user_data = this;
    services_.log = [](void *self, sis_log_level level, const char *message) {
        static_cast<RecordingHost *>(self)->transcript_.add("log (level " + std::to_string(level) + ")",
                                                            message);
    };
    services_.progress = [](void *self, const char *stage, uint64_t done, uint64_t total) {
        auto *me = static_cast<RecordingHost *>(self);
        ++me->progress_calls;
        me->transcript_.add("progress label", std::string(stage) + " " + std::to_string(done) + "/" +
                                                  std::to_string(total));
    };
    services_.is_cancelled = [](void *self) { return static_cast<RecordingHost *>(self)->cancel ? 1 : 0; };
}

} // namespace hardening

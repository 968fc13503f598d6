// A simulated school served over HTTPS and the Veracross plugin loaded
// through its manifest and C ABI, as pickAtime loads it, for SSO tests:
// begin, the user's visit to Veracross, complete, and a transcript of
// everything the plugin said (results, errors, log lines) for secret scans.
#pragma once

#include "browser.hpp"
#include "simulator.hpp"
#include "sis_host/checked_plugin.hpp"

#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace veracross {
struct Config;
}

namespace sso_test {

inline const std::string kRedirect = "https://pickatime.com/client";
// A Veracross account that is in no event's roster.
inline const vcsim::LoginUser kOutsider{"acct-outsider", "outsider.user", "outsider@example.org", {"Parent"}, 0};

struct Outcome {
    sis_status status = SIS_INTERNAL;
    std::string json;
    Poco::JSON::Object::Ptr doc; // json parsed
    std::string code() const { return doc->optValue<std::string>("code", ""); }
    std::string message() const { return doc->optValue<std::string>("message", ""); }
};

class SsoFixture {
public:
    // sso_scope: sso or openid. The school's app has every scope.
    explicit SsoFixture(const std::string &sso_scope = "sso");
    ~SsoFixture();

    // Plugin config JSON; `overrides` replace fields. Uses base_url.
    std::string config_json(const Poco::JSON::Object &overrides = Poco::JSON::Object()) const;
    veracross::Config config() const; // the same, as the plugin reads it

    Outcome sso(const Poco::JSON::Object &request);
    Outcome sso_text(const std::string &request_json);
    Outcome begin(const std::string &redirect_url = kRedirect);
    Outcome complete(const std::map<std::string, std::string> &callback_query, const std::string &login_context,
                     const Poco::JSON::Object::Ptr &roster = nullptr);

    // Begin, log in at Veracross as `login_as` (sub or username), complete.
    struct Login {
        Outcome begun;
        Landing landing;
        Outcome completed;
    };
    Login login(const std::string &login_as, const Poco::JSON::Object::Ptr &roster = nullptr);

    // The next id_token the simulator issues gets this fault (id_token_*).
    void spoil_next_id_token(vcsim::FaultKind kind);

    // The event's roster (import_event of "Semester 1" through the ABI).
    Poco::JSON::Object::Ptr roster();
    // A user whose person may book in the roster, with an email no one else in it has.
    const vcsim::LoginUser &bookable_parent();
    // A user whose person teaches in the event.
    const vcsim::LoginUser &event_teacher();

    // Every result, error and log line so far.
    std::vector<std::string> transcript() const;
    // Fails the test when any of `secrets` is in the transcript.
    void check_no_secrets(const std::vector<std::string> &secrets) const;

    vcsim::School school;
    std::unique_ptr<vcsim::Simulator> sim;
    std::string sso_scope;
    std::string base_url; // accounts and API base of the plugin config; the simulator's HTTPS by default

private:
    sis_host::Instance &instance();
    Outcome outcome(const sis_host::CallResult &r);
    static void on_log(void *self, sis_log_level level, const char *message);

    mutable std::mutex transcript_mutex_;
    std::vector<std::string> transcript_;
    sis_host_services services_{};
    std::unique_ptr<sis_host::Instance> instance_;
    Poco::JSON::Object::Ptr roster_;
};

} // namespace sso_test

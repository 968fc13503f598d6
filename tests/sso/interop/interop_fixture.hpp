// The Veracross plugin, loaded through its manifest and C ABI as pickAtime
// loads it, configured for a school whose accounts host is the interop
// provider: begin, the user's login at the provider, complete, and a
// transcript of everything the plugin said for secret scans.
#pragma once

#include "provider_process.hpp"
#include "sis_host/checked_plugin.hpp"

#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace interop {

inline const std::string kRoute = "myschool";
inline const std::string kClientId = "interop-client";
inline const std::string kClientSecret = "interop-secret-8c1d9e4f27a6b3"; // made up, for these tests only
inline const std::string kRedirect = "https://pickatime.com/client";
inline const std::string kWwwRedirect = "https://www.pickatime.com/client";

struct Outcome {
    sis_status status = SIS_INTERNAL;
    std::string json;
    Poco::JSON::Object::Ptr doc;
    std::string code() const;
    std::string text(const std::string &path) const; // "a.b.c" inside doc; "" when absent
};

class InteropFixture {
public:
    // sso_scope: openid or sso; `config` fields override the defaults.
    explicit InteropFixture(const std::string &sso_scope = "openid",
                            const Poco::JSON::Object &config = Poco::JSON::Object());
    ~InteropFixture();

    ProviderProcess provider{kRoute, kClientId, kClientSecret};

    std::string config_json() const;
    Outcome sso(const Poco::JSON::Object &request);
    Outcome begin(const std::string &redirect_url = kRedirect);
    Outcome complete(const std::map<std::string, std::string> &callback_query, const std::string &login_context,
                     const Poco::JSON::Object::Ptr &roster = nullptr);

    struct Login {
        Outcome begun;
        Landing landing;
        Outcome completed;
    };
    // Begin, log in at the provider as `who` (or deny), complete with the
    // query the browser came back with.
    Login login(const Account &who, const Poco::JSON::Object::Ptr &roster = nullptr,
                const std::string &redirect_url = kRedirect, const std::string &consent = "grant");
    // Begin and log in, without completing.
    Login begin_and_land(const Account &who, const std::string &redirect_url = kRedirect,
                         const std::string &consent = "grant");

    std::vector<std::string> transcript() const;
    // No secret in any result, error or log line of the plugin.
    void check_no_secrets(const std::vector<std::string> &secrets) const;

private:
    sis_host::Instance &instance();
    Outcome outcome(const sis_host::CallResult &r);
    static void on_log(void *self, sis_log_level level, const char *message);

    std::string sso_scope_;
    Poco::JSON::Object overrides_;
    // The instance logs until it is gone: the transcript must outlive it.
    mutable std::mutex transcript_mutex_;
    std::vector<std::string> transcript_;
    sis_host_services services_{};
    std::unique_ptr<sis_host::Instance> instance_;
};

// The roster the interop tests match against: a parent with an email of her
// own (30), two parents sharing a family email (31, 32), a teacher (10)
// whose roster username is also another person's preferred_username.
Poco::JSON::Object::Ptr test_roster();

// The parent who logs in, in most of the interop tests.
inline const Account kJane{"acct-jane", "jane@example.org", "jane.doe", {"Parent"}};

// The SSO check that refused a login ("state", "nonce"...): in the error's
// details, or the outcome's own "check".
inline std::string check_of(const Outcome &o) {
    const auto details = o.doc->getObject("details");
    return details ? details->optValue<std::string>("check", "") : o.text("check");
}

} // namespace interop

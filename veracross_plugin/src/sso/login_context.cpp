#include "sso/login_context.hpp"

#include "common/json_text.hpp"
#include "common/plugin_error.hpp"
#include "oidc/sso_crypto.hpp"

#include <Poco/JSON/Parser.h>

namespace veracross {
namespace {

const char kVersion = '\x01';
const char *const kSalt = "pickatime.sis/veracross/login-context";
// Contexts are about 400 characters; anything far larger is not ours.
constexpr std::size_t kMaxSealedLength = 4096;
// A context dated this far ahead of our clock was not made by us.
constexpr std::chrono::seconds kClockSkew{120};

std::string context_key(const Config &config) {
    return hkdf_sha256(config.client_secret, kSalt,
                       config.school_route + "\n" + config.client_id + "\n" + config.accounts_base_url, 32);
}

std::string additional_data() { return std::string(1, kVersion) + kSalt; }

PluginError invalid_context() {
    return PluginError(Status::auth_failed, "login_context_invalid",
                       "The login context is damaged or belongs to another school's settings, so this "
                       "login cannot be finished. Ask the user to start the login again.");
}

std::int64_t epoch_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

} // namespace

std::string seal_login_context(const Config &config, const LoginContext &context) {
    Poco::JSON::Object::Ptr doc = new Poco::JSON::Object;
    doc->set("state", context.state);
    doc->set("nonce", context.nonce);
    doc->set("code_verifier", context.code_verifier);
    doc->set("redirect_url", context.redirect_url);
    doc->set("scope", context.scope);
    doc->set("created_at", context.created_at);
    return base64url_encode(std::string(1, kVersion) +
                            aes_gcm_seal(context_key(config), to_json_text(doc), additional_data()));
}

LoginContext open_login_context(const Config &config, const std::string &sealed,
                                std::chrono::system_clock::time_point now) {
    if (sealed.size() > kMaxSealedLength) throw invalid_context();
    const auto box = base64url_decode(sealed);
    if (!box || box->empty() || (*box)[0] != kVersion) throw invalid_context();
    const auto json = aes_gcm_open(context_key(config), box->substr(1), additional_data());
    if (!json) throw invalid_context();

    LoginContext c;
    try {
        const auto doc = Poco::JSON::Parser().parse(*json).extract<Poco::JSON::Object::Ptr>();
        c.state = doc->getValue<std::string>("state");
        c.nonce = doc->getValue<std::string>("nonce");
        c.code_verifier = doc->getValue<std::string>("code_verifier");
        c.redirect_url = doc->getValue<std::string>("redirect_url");
        c.scope = doc->getValue<std::string>("scope");
        c.created_at = doc->getValue<std::int64_t>("created_at");
    } catch (const std::exception &) {
        throw invalid_context(); // authentic yet unreadable: a context of another plugin version
    }
    if (c.created_at < 0) throw invalid_context(); // never ours, and the age below would overflow
    const std::int64_t age = epoch_seconds(now) - c.created_at;
    if (age < -kClockSkew.count()) throw invalid_context();
    if (age > kLoginContextLifetime.count())
        throw PluginError(Status::auth_failed, "login_context_expired",
                          "The login took longer than " + std::to_string(kLoginContextLifetime.count() / 60) +
                              " minutes, so it has expired. Ask the user to start the login again.");
    return c;
}

} // namespace veracross

#include "auth/token_answer.hpp"

#include "http/remote_response.hpp"

#include <Poco/String.h>

#include <algorithm>
#include <chrono>

namespace veracross {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

constexpr double kLongestLifetime = 24 * 3600; // seconds

Scopes split(const std::string &text) {
    Scopes out;
    std::string word;
    for (char c : text + ' ') {
        if (c != ' ') {
            word += c;
        } else if (!word.empty()) {
            out.push_back(word);
            word.clear();
        }
    }
    return out;
}

double number_or(const Poco::JSON::Object &obj, const std::string &name, double fallback) {
    if (!obj.has(name) || obj.isNull(name)) return fallback;
    const Poco::Dynamic::Var v = obj.get(name);
    return v.isNumeric() ? v.convert<double>() : -1;
}

} // namespace

std::shared_ptr<AccessToken> read_token_answer(const HttpResponse &response, const Scopes &asked,
                                               const std::string &what) {
    const auto body = json_object_body(response, what);
    const auto now = std::chrono::system_clock::now();
    const double expires_in = number_or(*body, "expires_in", 3600);
    const double created_at =
        number_or(*body, "created_at", static_cast<double>(duration_cast<seconds>(now.time_since_epoch()).count()));
    const std::string type = body->optValue<std::string>("token_type", "Bearer");
    if (!body->has("access_token") || !body->get("access_token").isString() ||
        body->getValue<std::string>("access_token").empty() || expires_in <= 0 ||
        created_at < 0 || Poco::icompare(type, "bearer") != 0)
        throw PluginError(Status::remote_error, "unexpected_body",
                          what + " answered without a usable bearer token. Try again later; if it "
                                 "persists, contact Veracross support.",
                          answer_details(response));

    auto token = std::make_shared<AccessToken>();
    token->value = body->getValue<std::string>("access_token");
    token->scopes = body->has("scope") ? split(body->optValue<std::string>("scope", "")) : asked;
    // created_at + expires_in, read on our clock: the token's age at arrival
    // is at most a minute of transit, anything beyond is clock difference.
    const double age = std::clamp(
        static_cast<double>(duration_cast<seconds>(now.time_since_epoch()).count()) - created_at, 0.0, 60.0);
    // Believed up to a day (Veracross's last an hour): a huge expires_in would overflow the clock.
    const double lifetime = std::clamp(expires_in - age, 0.0, kLongestLifetime);
    const double margin = std::min(60.0, lifetime / 10);
    const auto as_duration = [](double s) {
        return duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
    };
    token->expires_at = now + duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::duration<double>(lifetime));
    token->renew_at = std::chrono::steady_clock::now() + as_duration(lifetime - margin);
    return token;
}

} // namespace veracross

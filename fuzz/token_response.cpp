// The token endpoint's answer (token_answer.cpp for a 200, remote_response.cpp
// for the error answers). The first byte picks the HTTP status. Any body
// gives a usable token or PluginError(veracross::Status::remote_error) that never echoes
// the access token.
#include "fuzz_support.hpp"

#include "http/http_client.hpp"
#include "common/plugin_error.hpp"
#include "http/remote_response.hpp"
#include "auth/token_answer.hpp"

#include <chrono>

namespace {

const int kStatuses[] = {200, 200, 200, 200, 400, 401, 403, 404, 429, 500, 503, 301, 302};

// `marked`: the access token is the marker, which no error may show.
void read_answer(const veracross::HttpResponse &response, bool marked) {
    const std::string what = "Veracross's token endpoint (fuzz)";
    if (response.status != 200) {
        // What the provider does with an error answer before it names it.
        veracross::read_error_body(response);
        const veracross::PluginError e = veracross::unexpected_answer(response, what);
        if (e.status() != veracross::Status::remote_error) fuzz::broken("an unexpected answer is SIS_REMOTE_ERROR");
        return;
    }
    try {
        const auto token = veracross::read_token_answer(response, {"students:list", "sso"}, what);
        if (token->value.empty()) fuzz::broken("a token read from an answer has a value");
        if (token->renew_at < std::chrono::steady_clock::now() - std::chrono::seconds(1))
            fuzz::broken("a fresh token is not due for renewal in the past");
        // Also holds without UBSan: an overflowed clock lands far outside this window.
        const auto now = std::chrono::system_clock::now();
        if (token->expires_at < now - std::chrono::seconds(1) || token->expires_at > now + std::chrono::hours(25))
            fuzz::broken("a token expires between now and a day from now");
    } catch (const veracross::PluginError &e) {
        if (e.status() != veracross::Status::remote_error) fuzz::broken("a bad token answer is SIS_REMOTE_ERROR");
        if (marked) fuzz::expect_no_secret("a token answer error", fuzz::error_text(e));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0) return 0;
    veracross::HttpResponse response;
    response.status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
    response.body = fuzz::text(data + 1, size - 1);
    read_answer(response, false);
    // Once more with an access token that would show if an error quoted it.
    if (const auto marked = fuzz::with_secret_marker(response.body, "access_token")) {
        response.body = *marked;
        read_answer(response, true);
    }
    return 0;
}

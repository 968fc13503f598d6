// Reading the token endpoint's 200 answer into an access token: apart from
// the token provider (which does the HTTP), so any body can be fuzzed.
#pragma once

#include "http/http_client.hpp"
#include "auth/token_provider.hpp"

#include <memory>
#include <string>

namespace veracross {

// The token asked for `asked` scopes, from {access_token, token_type,
// expires_in, created_at, scope}. Throws PluginError(Status::remote_error,
// unexpected_body) naming `what` when there is no usable bearer token.
std::shared_ptr<AccessToken> read_token_answer(const HttpResponse &response, const Scopes &asked,
                                               const std::string &what);

} // namespace veracross

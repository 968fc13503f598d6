// Whether the school's OAuth application also has the `openid` scope, asked
// the way begin already checks `sso`: a client-credentials token for it.
// Used by `sso_scope: sso` logins: Veracross documents that `sso` alone
// gives userinfo, but a standard OpenID provider answers userinfo only for
// tokens with `openid`; asking for both works with either, and is only done
// when the application has both (asking Veracross for a scope the
// application lacks shows the user an error page).
//
// The answer is kept for an hour per (accounts URL, route, client id, CA
// file); the probe's token is revoked at once (Veracross allows 10 active
// tokens per application). Threads: safe from any number at once.
#pragma once

#include "common/host_services.hpp"
#include "config/config.hpp"
#include "http/http_client.hpp"

namespace veracross {

// True when the application may be granted `openid`; false when refused, and
// also when the probe fails for any other reason (then logins ask for `sso`
// alone, as Veracross documents). Never throws but for cancellation.
bool application_has_openid(HttpClient &http, const Config &config, const HostServices &host);

} // namespace veracross

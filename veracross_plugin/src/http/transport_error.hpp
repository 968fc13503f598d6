// What a failed connection means for an admin: each transport failure
// becomes a PluginError with its own code and a message naming the server
// (never a token or a secret).
#pragma once

#include "common/plugin_error.hpp"

#include <Poco/Exception.h>

#include <string>

namespace veracross {

// `server` is "host" or "host:port" as the admin would recognise it.
// Codes: dns, connection_refused, timeout, connection_dropped,
// truncated_body, network_error (Status::network); tls_untrusted_certificate,
// tls_wrong_host_name, tls_not_https, tls_handshake_failed (Status::tls); malformed_answer
// (Status::remote_error: not HTTP, or headers beyond Poco's bounds).
PluginError transport_error(const Poco::Exception &e, const std::string &server,
                            double timeout_seconds);

// A response whose body stopped before its announced length.
PluginError truncated_body_error(const std::string &server);

// An exchange cut at its deadline (HttpSettings::exchange_limit_seconds):
// Status::network timeout, like a server that does not answer at all.
PluginError exchange_too_slow_error(const std::string &server, double limit_seconds);

} // namespace veracross

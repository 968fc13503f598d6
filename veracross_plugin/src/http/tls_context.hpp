// The TLS settings of every connection the plugin makes: peers are verified
// against the system CAs plus the configured tls_ca_file, host names are
// always checked (loopback included), TLS 1.2 is the minimum.
#pragma once

#include <Poco/Net/Context.h>

#include <string>

namespace veracross {

// Initialises Poco's OpenSSL set-up once per plugin image (released when
// the plugin is unloaded) and builds a client context. Throws PluginError(Status::invalid_config) naming tls_ca_file
// when that file is not a usable PEM bundle.
Poco::Net::Context::Ptr make_client_tls_context(const std::string &extra_ca_file);

// The first certificate-chain error OpenSSL reported on this thread since
// the last reset (an X509_V_ERR_* value, 0 = none). Handshakes run on the
// calling thread, so a thread-local record is exact.
void reset_tls_verify_error();
int last_tls_verify_error();

} // namespace veracross

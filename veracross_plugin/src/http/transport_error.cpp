#include "http/transport_error.hpp"

#include "http/tls_context.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/NumberFormatter.h>

#include <openssl/x509.h>

namespace veracross {
namespace {

PluginError network(const std::string &code, const std::string &message,
                    const std::string &server) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("server", server);
    return PluginError(Status::network, code, message, d);
}

PluginError tls(const std::string &code, const std::string &message, const std::string &server) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("server", server);
    return PluginError(Status::tls, code, message, d);
}

PluginError untrusted(const std::string &server, int verify_error) {
    return tls("tls_untrusted_certificate",
               "The certificate of " + server + " is not trusted (" +
                   X509_verify_cert_error_string(verify_error) +
                   "), so the connection was stopped: this is not the real Veracross server, or a "
                   "network proxy intercepts HTTPS. If your network inspects HTTPS, add its CA "
                   "certificate with tls_ca_file.",
               server);
}

// What OpenSSL says when the first bytes back are not a TLS record.
bool speaks_no_tls(const Poco::Exception &e) {
    const std::string m = e.displayText();
    for (const char *sign : {"wrong version number", "packet length too long", "http request",
                             "unknown protocol", "record layer failure"})
        if (m.find(sign) != std::string::npos) return true;
    return false;
}

} // namespace

PluginError transport_error(const Poco::Exception &e, const std::string &server,
                            double timeout_seconds) {
    const int verify_error = last_tls_verify_error();
    if (verify_error != 0) return untrusted(server, verify_error);

    if (dynamic_cast<const Poco::Net::DNSException *>(&e))
        return network("dns",
                       "Cannot find the server " + server +
                           " (DNS lookup failed): check the address, and this computer's network "
                           "and DNS settings.",
                       server);
    if (dynamic_cast<const Poco::Net::ConnectionRefusedException *>(&e))
        return network("connection_refused",
                       "The server " + server +
                           " refused the connection: nothing accepts connections at that address "
                           "and port. Check the address; if it is right, the service is down.",
                       server);
    if (dynamic_cast<const Poco::TimeoutException *>(&e))
        return network("timeout",
                       "The server " + server + " did not answer within " +
                           Poco::NumberFormatter::format(timeout_seconds, 1) +
                           " seconds. Try again later; if it persists, check the network.",
                       server);
    if (dynamic_cast<const Poco::Net::CertificateValidationException *>(&e) ||
        dynamic_cast<const Poco::Net::InvalidCertificateException *>(&e))
        return tls("tls_wrong_host_name",
                   "The certificate of " + server + " is made out for a different host name, so "
                       "the connection was stopped: the address may point at the wrong server, "
                       "or a network proxy intercepts HTTPS.",
                   server);
    // Not HTTP, or headers beyond Poco's bounds (100 fields, 8 KiB values):
    // the server is not Veracross, or broken; trying again will not help.
    if (dynamic_cast<const Poco::Net::MessageException *>(&e)) {
        Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
        d->set("server", server);
        return PluginError(Status::remote_error, "malformed_answer",
                           "The answer from " + server + " is not valid HTTP (" + e.message() +
                               "), so it was refused: check the address in the settings; if it "
                               "is right, the server or a proxy on the way is broken.",
                           d);
    }
    if (dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException *>(&e) ||
        dynamic_cast<const Poco::Net::ConnectionResetException *>(&e) ||
        dynamic_cast<const Poco::Net::ConnectionAbortedException *>(&e) ||
        dynamic_cast<const Poco::Net::NoMessageException *>(&e))
        return network("connection_dropped",
                       "The connection to " + server +
                           " was closed before the answer was complete. Try again; if it "
                           "persists, check the network.",
                       server);
    if (dynamic_cast<const Poco::Net::SSLException *>(&e) && speaks_no_tls(e))
        return tls("tls_not_https",
                   "The server at " + server + " does not speak HTTPS (TLS): it answered in plain "
                       "text, like a plain HTTP server or another service on that port. Check the "
                       "address and port in the settings; Veracross is only reached over https://.",
                   server);
    if (dynamic_cast<const Poco::Net::SSLException *>(&e))
        return tls("tls_handshake_failed",
                   "Could not set up a secure (TLS) connection with " + server + " (" +
                       e.message() + ").",
                   server);
    return network("network_error",
                   "The connection to " + server + " failed (" + e.className() +
                       "). Try again; if it persists, check the network.",
                   server);
}

PluginError truncated_body_error(const std::string &server) {
    return network("truncated_body",
                   "The answer from " + server +
                       " stopped before its announced end (the connection was dropped). Try "
                       "again; if it persists, check the network.",
                   server);
}

PluginError exchange_too_slow_error(const std::string &server, double limit_seconds) {
    return network("timeout",
                   "The server " + server + " did not finish its answer within " +
                       Poco::NumberFormatter::format(limit_seconds, 1) +
                       " seconds (4 x timeout_seconds): it sends too slowly, so the connection was "
                       "cut. Try again later; if it persists, check the network.",
                   server);
}

} // namespace veracross

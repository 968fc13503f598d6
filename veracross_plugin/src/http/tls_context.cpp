#include "http/tls_context.hpp"

#include "common/plugin_error.hpp"

#include <Poco/Crypto/Crypto.h>
#include <Poco/Net/SSLException.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <mutex>

namespace veracross {
namespace {

thread_local int t_verify_error = 0;

// The plugin's one hold on Poco's OpenSSL set-up (reference-counted by
// Poco): taken on first use, let go when the plugin is unloaded, since its
// static destructors run at dlclose while Poco's libraries are still mapped.
// A hold never let go (Poco::Net::initializeSSL without its uninitializeSSL)
// leaves Poco's set-up allocated after the unload has unmapped the only
// pointer to it: LeakSanitizer reports it at exit. uninitializeSSL itself is
// not used: it also shuts down Poco's process-wide SSLManager, which belongs
// to the host.
class OpenSslHold {
public:
    void take() {
        std::call_once(taken_, [this] {
            Poco::Crypto::initializeCrypto();
            held_ = true;
        });
    }
    ~OpenSslHold() {
        if (held_) Poco::Crypto::uninitializeCrypto();
    }

private:
    std::once_flag taken_;
    bool held_ = false;
};

OpenSslHold &openssl_hold() {
    static OpenSslHold hold;
    return hold;
}

// Replaces Poco's callback, which would consult the process-wide
// SSLManager (and its certificate handlers) that a plugin must not own.
int remember_verify_error(int preverify_ok, X509_STORE_CTX *store) {
    if (!preverify_ok && t_verify_error == 0) t_verify_error = X509_STORE_CTX_get_error(store);
    return preverify_ok;
}

} // namespace

void reset_tls_verify_error() { t_verify_error = 0; }
int last_tls_verify_error() { return t_verify_error; }

Poco::Net::Context::Ptr make_client_tls_context(const std::string &extra_ca_file) {
    openssl_hold().take();

    Poco::Net::Context::Params params;
    params.caLocation = extra_ca_file;
    params.loadDefaultCAs = true;
    // STRICT, not RELAXED: Poco skips the host name check for loopback
    // addresses unless the mode is strict (for a client both verify the chain).
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    Poco::Net::Context::Ptr context;
    try {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    } catch (const Poco::Exception &) {
        throw invalid_config("tls_ca_file", "'" + extra_ca_file +
                                                "' could not be loaded as PEM CA certificates");
    }
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    SSL_CTX_set_verify(context->sslContext(), SSL_VERIFY_PEER, remember_verify_error);
    return context;
}

} // namespace veracross

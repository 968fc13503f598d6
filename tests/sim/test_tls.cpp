// The HTTPS listener and the checked-in test certificates (tests/certs/).
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <Poco/Crypto/X509Certificate.h>
#include <Poco/DateTime.h>
#include <Poco/Exception.h>

using namespace simtest;

namespace {

Response discovery(const vcsim::Simulator &sim, Poco::Net::Context::Ptr context) {
    Call call;
    call.path = "/demo/.well-known/openid-configuration";
    return send(sim.https_base_url(), call, context);
}

std::unique_ptr<vcsim::Simulator> serving(const std::string &name) {
    vcsim::Options options;
    options.certificate_file = vcsim::test_cert_dir() + "/" + name + ".pem";
    options.private_key_file = vcsim::test_cert_dir() + "/" + name + ".key";
    return start_simulator(options);
}

} // namespace

TEST_CASE("tls: the server certificate verifies against the test CA, host name included", "[tls]") {
    auto sim = start_simulator();
    CHECK(sim->https_base_url() == "https://127.0.0.1:" + std::to_string(sim->https_port()));
    CHECK(discovery(*sim, client_context()).status == 200);
    CHECK(discovery(*sim, client_context(vcsim::test_ca_file(), true)).status == 200);
}

TEST_CASE("tls: a certificate for another host fails a strict host-name check", "[tls]") {
    auto sim = serving("wrong_host");
    CHECK_THROWS_AS(discovery(*sim, client_context(vcsim::test_ca_file(), true)), Poco::Exception);
}

TEST_CASE("tls: a certificate from an untrusted CA fails", "[tls]") {
    auto sim = serving("untrusted_server");
    CHECK_THROWS_AS(discovery(*sim, client_context()), Poco::Exception);
    // It is well-formed: a client trusting its CA accepts it.
    CHECK(discovery(*sim, client_context(vcsim::test_cert_dir() + "/untrusted_ca.pem")).status == 200);
}

TEST_CASE("tls: the test certificates stay valid for decades", "[tls]") {
    for (const char *name : {"ca", "server", "wrong_host", "untrusted_ca", "untrusted_server"}) {
        INFO(name);
        Poco::Crypto::X509Certificate cert(vcsim::test_cert_dir() + "/" + name + ".pem");
        CHECK(cert.expiresOn().year() >= 2100);
    }
}

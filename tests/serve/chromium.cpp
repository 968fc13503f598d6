#include "chromium.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace serve_test {
namespace {

bool exited(pid_t pid) {
    int status = 0;
    return ::waitpid(pid, &status, WNOHANG) == pid;
}

} // namespace

Chromium::Chromium(const std::string &executable, const std::vector<std::string> &extra_flags) {
    profile_ = Poco::TemporaryFile::tempName() + "-chromium-profile";
    Poco::File(profile_).createDirectories();
    std::vector<std::string> args{executable,
                                  "--headless=new",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--disable-background-networking",
                                  "--disable-dev-shm-usage",
                                  "--no-first-run",
                                  "--window-size=1200,1600",
                                  "--remote-debugging-port=0",
                                  "--user-data-dir=" + profile_};
    args.insert(args.end(), extra_flags.begin(), extra_flags.end());
    args.push_back("about:blank");
    std::vector<char *> argv;
    for (auto &a : args) argv.push_back(&a[0]);
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("cannot start Chromium: fork failed");
    if (pid_ == 0) {
        ::setpgid(0, 0); // its own process group: stopping it stops its helpers too
        ::execv(executable.c_str(), argv.data());
        std::_Exit(127);
    }
    ::setpgid(pid_, pid_);
    const std::string port_file = profile_ + "/DevToolsActivePort";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(port_file);
        if (in >> port_ && port_ > 0) return;
        port_ = 0;
        if (exited(pid_)) {
            pid_ = -1;
            stop(); // no destructor runs when the constructor throws
            throw std::runtime_error(executable + " exited at start (its messages are above)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    stop();
    throw std::runtime_error(executable + " opened no DevTools port within 30 s");
}

Chromium::~Chromium() { stop(); }

void Chromium::stop() {
    if (pid_ > 0) {
        ::kill(-pid_, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        bool gone = false;
        while (!(gone = exited(pid_)) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (!gone) {
            ::kill(-pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    pid_ = -1;
    // Chromium keeps its singleton socket in a folder of TMPDIR
    // (org.chromium.Chromium.*), linked from the profile; it removes it only
    // when it exits cleanly. (Not a TMPDIR inside the profile: the socket's
    // path would pass the 108 bytes a Unix socket's may have.)
    char target[4096];
    const ssize_t n = ::readlink((profile_ + "/SingletonSocket").c_str(), target, sizeof target - 1);
    if (n > 0) {
        const Poco::Path socket(std::string(target, static_cast<std::size_t>(n)));
        if (socket.depth() > 0 && socket.directory(socket.depth() - 1).rfind("org.chromium.Chromium.", 0) == 0) {
            try {
                Poco::File(socket.parent()).remove(true);
            } catch (const Poco::Exception &) {
            }
        }
    }
    try {
        Poco::File(profile_).remove(true);
    } catch (const Poco::Exception &) {
    }
}

std::string Chromium::page_websocket_url() const {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/json/list", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    const auto targets = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < targets->size(); ++i) {
        const auto t = targets->getObject(static_cast<unsigned>(i));
        if (t->optValue<std::string>("type", "") == "page") return t->getValue<std::string>("webSocketDebuggerUrl");
    }
    throw std::runtime_error("Chromium has no page open: " + body);
}

std::string spki_fingerprint(const std::string &pem_file) {
    std::unique_ptr<FILE, int (*)(FILE *)> file(std::fopen(pem_file.c_str(), "r"), std::fclose);
    if (!file) throw std::runtime_error(pem_file + ": cannot read the certificate");
    std::unique_ptr<X509, void (*)(X509 *)> cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr), X509_free);
    if (!cert) throw std::runtime_error(pem_file + ": not a PEM certificate");
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(X509_get0_pubkey(cert.get()), &der);
    if (length <= 0) throw std::runtime_error(pem_file + ": no public key");
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, static_cast<std::size_t>(length), digest);
    OPENSSL_free(der);
    std::ostringstream text;
    Poco::Base64Encoder encoder(text);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(reinterpret_cast<const char *>(digest), sizeof digest);
    encoder.close();
    return text.str();
}

} // namespace serve_test

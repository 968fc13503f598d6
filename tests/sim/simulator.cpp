// The Simulator: two Poco HTTPServers (plain and TLS) over one ServerState.
#include "simulator.hpp"

#include "record_filter.hpp"
#include "request_handler.hpp"
#include "server_state.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <csignal>
#include <mutex>
#include <stdexcept>
#include <thread>

#ifndef VCSIM_CERT_DIR
#error "VCSIM_CERT_DIR must name tests/certs (set by tests/sim/CMakeLists.txt)"
#endif

namespace vcsim {

std::string test_cert_dir() { return VCSIM_CERT_DIR; }
std::string test_ca_file() { return test_cert_dir() + "/ca.pem"; }

// One listening socket with its own worker threads.
class Listener {
  public:
    Listener(ServerState &state, const Poco::Net::ServerSocket &socket, const std::string &scheme, int max_threads)
        : port_(socket.address().port()), threads_(2, max_threads) {
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(max_threads);
        params->setMaxQueued(256);
        params->setKeepAlive(true);
        const std::string host = socket.address().host().toString() + ":" + std::to_string(port_);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new RequestHandlerFactory(state, scheme, host), threads_,
                                                          socket, params);
        server_->start();
    }
    ~Listener() {
        server_->stopAll(true); // also shuts down kept-alive connections
        threads_.joinAll();
    }
    int port() const { return port_; }

  private:
    const int port_;
    Poco::ThreadPool threads_; // outlives server_
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

namespace {

std::string file_or_default(const std::string &file, const char *name) {
    return file.empty() ? test_cert_dir() + "/" + name : file;
}

Poco::Net::Context::Ptr server_tls_context(const Options &options) {
    Poco::Net::Context::Params params;
    params.certificateFile = file_or_default(options.certificate_file, "server.pem");
    params.privateKeyFile = file_or_default(options.private_key_file, "server.key");
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::SERVER_USE, params);
    context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                              Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
    return context;
}

void initialize_process_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        // A client that hangs up mid-body must not kill the process.
        std::signal(SIGPIPE, SIG_IGN);
    });
}

} // namespace

Simulator::Simulator(Options options, std::vector<School> schools)
    : options_(std::move(options)), state_(std::make_unique<ServerState>(options_, std::move(schools))) {}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
    if (http_) return;
    initialize_process_once();
    state_->stop_signal.reset();
    const Poco::Net::SocketAddress http_address(options_.host, static_cast<Poco::UInt16>(options_.http_port));
    const Poco::Net::SocketAddress https_address(options_.host, static_cast<Poco::UInt16>(options_.https_port));
    auto http = std::make_unique<Listener>(*state_, Poco::Net::ServerSocket(http_address, 64), "http",
                                           options_.max_threads);
    https_ = std::make_unique<Listener>(
        *state_, Poco::Net::SecureServerSocket(https_address, 64, server_tls_context(options_)), "https",
        options_.max_threads);
    http_ = std::move(http);
}

void Simulator::stop() {
    state_->stop_signal.stop(); // wakes requests sleeping in latency or trickle
    // Each listener's acceptor notices the stop within Poco's 250 ms poll: stop both at once.
    std::thread https_stop([this] { https_.reset(); });
    http_.reset();
    https_stop.join();
}

int Simulator::http_port() const { return http_ ? http_->port() : 0; }
int Simulator::https_port() const { return https_ ? https_->port() : 0; }
std::string Simulator::http_base_url() const { return "http://" + options_.host + ":" + std::to_string(http_port()); }
std::string Simulator::https_base_url() const {
    return "https://" + options_.host + ":" + std::to_string(https_port());
}

Counters Simulator::counters() const { return state_->counters.snapshot(); }
void Simulator::reset_counters() { state_->counters.reset(); }
std::vector<SeenRequest> Simulator::data_requests_seen() const { return state_->seen_requests.all(); }

std::size_t Simulator::records_selected(const std::string &route, const std::string &path,
                                        const std::vector<std::pair<std::string, std::string>> &query) const {
    ServedSchool *school = state_->find_school(route);
    if (!school) throw std::invalid_argument("unknown route: " + route);
    return school->read([&](const School &, const std::map<std::string, ResourceIndex> &indexes) {
        const auto index = indexes.find(path);
        if (index == indexes.end()) throw std::invalid_argument("no collection " + path + " at route " + route);
        return select_rows(index->second, query).rows.size();
    });
}

void Simulator::set_app_scopes(const std::string &route, const std::string &client_id,
                               std::set<std::string> scopes) {
    if (!state_->set_app_scopes(route, client_id, std::move(scopes)))
        throw std::invalid_argument("no app " + client_id + " at route " + route);
}

void Simulator::revoke_all_tokens(const std::string &route) { state_->tokens.revoke_all(route); }
void Simulator::expire_tokens(const std::string &route) { state_->tokens.expire_all(route); }
void Simulator::set_token_lifetime(std::chrono::seconds lifetime) { state_->tokens.set_token_lifetime(lifetime); }
void Simulator::set_rate_limit(RateLimit rate_limit) { state_->rate_limiter.set_limits(rate_limit); }

void Simulator::add_fault(Fault fault) { state_->faults.add(std::move(fault)); }
void Simulator::clear_faults() { state_->faults.clear(); }
std::vector<Fault> Simulator::faults() const { return state_->faults.list(); }

void Simulator::mutate_school(const std::string &route, const std::function<void(School &)> &fn) {
    ServedSchool *school = state_->find_school(route);
    if (!school) throw std::invalid_argument("unknown route: " + route);
    school->mutate(fn, true);
}

void Simulator::read_school(const std::string &route, const std::function<void(const School &)> &fn) const {
    ServedSchool *school = state_->find_school(route);
    if (!school) throw std::invalid_argument("unknown route: " + route);
    school->read([&](const School &s, const auto &) { fn(s); });
}

} // namespace vcsim

// The Veracross simulator: a real HTTP and HTTPS server on loopback that
// speaks Veracross's Authorization API, Data API v3 and SSO endpoints for any
// number of schools (routes), with faults on demand. The contract it follows
// is docs/veracross-contract.md (Veracross's published documentation);
// tests/sim/README.md lists every guess it makes.
//
//   vcsim::Simulator sim({}, {vcsim::generate_school({"demo", 1, 200})});
//   sim.start();
//   auto base = sim.https_base_url(); // trust vcsim::test_ca_file()
#pragma once

#include "school/school.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vcsim {

// Absolute paths of the checked-in test TLS material (tests/certs/).
std::string test_cert_dir();
std::string test_ca_file(); // the CA every test client should trust

enum class FaultKind {
    latency,       // sleep latency_ms before handling the request
    status,        // answer `status` (429, 500, 502, 503...) without handling
    drop,          // close the connection without a response
    truncate,      // announce the full Content-Length, send half, close
    invalid_json,  // send a body that is not valid JSON
    trickle,       // send the body chunk_bytes at a time, pause_ms apart
    expire_tokens, // expire every token of the route (data requests only; see `after`)
    // Applied to the next id_token issued instead of to a request:
    id_token_wrong_key,      // signed with a key that is not in the JWKS
    id_token_expired,        // exp already in the past
    id_token_wrong_audience, // aud is not the client id
};

// One fault rule. A rule matches a request when route and path match (empty
// = any). A matching rule lets its first `after` requests through, then
// fires with `probability` (drawn from the seeded generator); each firing
// uses up one of `count`. A request gets at most one response fault
// (status ... trickle: the first rule that fires) plus all latencies.
struct Fault {
    FaultKind kind = FaultKind::status;
    std::string route;
    // Path below the route, matched on whole segments: "v3/students" matches
    // "/demo/v3/students" and "/demo/v3/students/12"; "oauth/token" the token endpoint.
    std::string path;
    std::optional<int> count; // empty: fires on every matching request
    double probability = 1.0;
    int status = 500;     // status
    int latency_ms = 0;   // latency
    int after = 0;        // matching requests let through first; expire_tokens: after each firing too
    int chunk_bytes = 16; // trickle
    int pause_ms = 20;    // trickle
};

struct RateLimit {
    int limit = 300;                           // requests per window and token
    std::chrono::milliseconds window{180'000}; // starts at the token's first request
};

struct Options {
    std::string host = "127.0.0.1";
    int http_port = 0; // 0: any free port
    int https_port = 0;
    std::string certificate_file; // empty: tests/certs/server.pem
    std::string private_key_file; // empty: tests/certs/server.key
    std::string signing_key_file; // RSA key of the id_tokens; empty: tests/certs/jwt_signing.key
    std::string wrong_signing_key_file; // id_token_wrong_key; empty: tests/certs/jwt_wrong.key
    std::chrono::seconds token_lifetime{3600};
    std::chrono::seconds code_lifetime{600}; // authorization codes
    RateLimit rate_limit;
    std::chrono::milliseconds latency{0}; // added to every request
    std::uint64_t fault_seed = 1;         // for faults with probability < 1
    std::vector<Fault> faults;
    bool log_requests = false; // one line per request on stderr (method, path, status)
    bool record_data_requests = false; // keep every Data API request for data_requests_seen()
    int max_threads = 32;
};

// What the simulator has seen since start (or reset_counters).
struct Counters {
    std::uint64_t requests = 0; // every request except the /_sim admin endpoint
    std::uint64_t token_requests = 0;
    std::uint64_t revoke_requests = 0;
    std::uint64_t introspect_requests = 0;
    std::uint64_t authorize_requests = 0;
    std::uint64_t userinfo_requests = 0;
    std::uint64_t data_requests = 0; // every /{route}/v3/... request
    // Data requests by resource path ("students", "academics/classes").
    std::map<std::string, std::uint64_t> data_requests_by_resource;
    // The most data requests that were ever being answered at once, from
    // arrival until their answer starts out (latency included): what a
    // client's cap on requests in flight looks like from the server.
    std::uint64_t most_data_requests_at_once = 0;
    std::uint64_t too_many_requests = 0; // 429 responses sent (rate limit or fault)
    std::uint64_t faults_fired = 0;
};

// A Data API request as it arrived (Options::record_data_requests), for the
// contract tests: which paths, parameters and headers a client uses.
struct SeenRequest {
    std::string method;
    std::string path; // below /{route}/v3/, e.g. "academics/classes" or "students/12"
    std::vector<std::pair<std::string, std::string>> query;
    std::vector<std::string> header_names;
};

struct ServerState;
class Listener;

class Simulator {
  public:
    Simulator(Options options, std::vector<School> schools);
    ~Simulator(); // stops the server
    Simulator(const Simulator &) = delete;
    Simulator &operator=(const Simulator &) = delete;

    void start(); // binds and serves; the ports are known afterwards
    void stop();  // aborts open connections and waits for the workers

    int http_port() const;
    int https_port() const;
    std::string http_base_url() const;  // "http://127.0.0.1:PORT"
    std::string https_base_url() const; // "https://127.0.0.1:PORT"

    Counters counters() const;
    void reset_counters();
    std::vector<SeenRequest> data_requests_seen() const; // empty unless Options::record_data_requests
    // How many records a list request for `path` (below /{route}/v3/, e.g.
    // "academics/classes") selects with these filter parameters: what its
    // pages hold together. Throws std::invalid_argument for an unknown route
    // or collection.
    std::size_t records_selected(const std::string &route, const std::string &path,
                                 const std::vector<std::pair<std::string, std::string>> &query) const;

    // Live changes. New settings apply to tokens issued and windows started afterwards.
    void set_app_scopes(const std::string &route, const std::string &client_id,
                        std::set<std::string> scopes);
    void revoke_all_tokens(const std::string &route);
    void expire_tokens(const std::string &route);
    void set_token_lifetime(std::chrono::seconds lifetime);
    void set_rate_limit(RateLimit rate_limit);

    void add_fault(Fault fault);
    void clear_faults();
    std::vector<Fault> faults() const; // the rules still active

    // Runs fn on the school under the school's write lock, then re-indexes
    // it: requests see the data before or after, never half-changed.
    void mutate_school(const std::string &route, const std::function<void(School &)> &fn);
    // Runs fn on the school under its read lock.
    void read_school(const std::string &route, const std::function<void(const School &)> &fn) const;

  private:
    const Options options_;
    std::unique_ptr<ServerState> state_;
    std::unique_ptr<Listener> http_;
    std::unique_ptr<Listener> https_;
};

} // namespace vcsim

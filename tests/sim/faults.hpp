// Fault injection: the rules of simulator.hpp's Fault, matched against each
// request, and their textual form shared by the YAML config and the
// /_sim/faults admin endpoint.
#pragma once

#include "simulator.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace vcsim {

// What the faults decided for one request.
struct RequestFaults {
    std::chrono::milliseconds latency{0};
    std::optional<Fault> response; // status, drop, truncate, invalid_json or trickle
    bool expire_tokens = false;    // expire every token of the request's route first
    int fired = 0;                 // rules that fired
};

class FaultInjector {
  public:
    FaultInjector(std::uint64_t seed, const std::vector<Fault> &faults);

    void add(Fault fault); // throws std::invalid_argument for a malformed rule
    void clear();
    std::vector<Fault> list() const;

    // `path` is the path below the route; data_request says it is a /v3 request.
    RequestFaults on_request(const std::string &route, const std::string &path, bool data_request);
    // The id_token fault to apply to the next id_token of `route`, if any.
    std::optional<FaultKind> on_id_token(const std::string &route);

  private:
    struct Rule {
        Fault fault;
        int seen = 0; // matching requests let through (expire_tokens: since it last fired)
    };
    // Lets `after` matching requests through, then rolls the probability and uses up one count.
    bool fires(Rule &rule);
    void drop_spent();

    mutable std::mutex mutex_;
    std::mt19937_64 random_;
    std::vector<Rule> rules_;
};

// Text form: {"kind": "status", "route": "demo", "status": "503", "count": "2", ...}.
// Throws std::invalid_argument naming an unknown kind or field or a
// non-number; FaultInjector::add checks the ranges.
Fault parse_fault(const std::map<std::string, std::string> &fields);
std::map<std::string, std::string> fault_fields(const Fault &fault);
std::string fault_kind_name(FaultKind kind);

} // namespace vcsim

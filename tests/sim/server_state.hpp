// Everything the endpoints share: the schools, tokens, rate limits, faults,
// signing keys and counters. Each part guards itself; the map of schools is
// fixed at construction and needs no lock.
#pragma once

#include "faults.hpp"
#include "rate_limiter.hpp"
#include "served_school.hpp"
#include "signing_keys.hpp"
#include "simulator.hpp"
#include "token_store.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace vcsim {

class CounterBoard {
  public:
    // Adds one to the field of Counters that `field` selects.
    void add(std::uint64_t Counters::*field, std::uint64_t n = 1);
    void add_data_request(const std::string &resource_path);
    // A data request is being answered from now / until now (its answer starts out).
    void data_request_began();
    void data_request_answered();
    Counters snapshot() const;
    void reset();

  private:
    mutable std::mutex mutex_;
    Counters counters_;
    std::uint64_t data_requests_now_ = 0;
};

// Lets slow work (latency, trickle) end early when the server stops.
class StopSignal {
  public:
    // Sleeps up to `duration`; false when the server is stopping.
    bool sleep_for(std::chrono::milliseconds duration);
    void stop();
    void reset();

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
};

// Every Data API request, when Options::record_data_requests is set.
class RequestLog {
  public:
    void add(SeenRequest request);
    std::vector<SeenRequest> all() const;

  private:
    mutable std::mutex mutex_;
    std::vector<SeenRequest> requests_;
};

struct ServerState {
    ServerState(const Options &options, std::vector<School> schools);

    ServedSchool *find_school(const std::string &route); // nullptr when unknown
    // Replaces an app's enabled scopes (Simulator and /_sim); false when route or app is unknown.
    bool set_app_scopes(const std::string &route, const std::string &client_id, std::set<std::string> scopes);

    const std::string api_revision = "2026-09-23"; // X-API-Revision (GUESS: its format is unknown)
    const bool log_requests;
    const bool record_data_requests;
    RequestLog seen_requests;
    const std::chrono::milliseconds latency; // added to every request
    std::map<std::string, std::unique_ptr<ServedSchool>> schools;
    TokenStore tokens;
    RateLimiter rate_limiter;
    FaultInjector faults;
    SigningKeys keys;
    CounterBoard counters;
    StopSignal stop_signal;
};

} // namespace vcsim

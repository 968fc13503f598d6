#include "server_state.hpp"

#include <algorithm>
#include <stdexcept>

namespace vcsim {

void CounterBoard::add(std::uint64_t Counters::*field, std::uint64_t n) {
    std::lock_guard lock(mutex_);
    counters_.*field += n;
}

void CounterBoard::add_data_request(const std::string &resource_path) {
    std::lock_guard lock(mutex_);
    ++counters_.data_requests_by_resource[resource_path];
}

void CounterBoard::data_request_began() {
    std::lock_guard lock(mutex_);
    counters_.most_data_requests_at_once = std::max(counters_.most_data_requests_at_once, ++data_requests_now_);
}

void CounterBoard::data_request_answered() {
    std::lock_guard lock(mutex_);
    if (data_requests_now_) --data_requests_now_;
}

Counters CounterBoard::snapshot() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

void CounterBoard::reset() {
    std::lock_guard lock(mutex_);
    counters_ = Counters{}; // the requests being answered now still end: data_requests_now_ stays
}

void RequestLog::add(SeenRequest request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
}

std::vector<SeenRequest> RequestLog::all() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

bool StopSignal::sleep_for(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, duration, [this] { return stopping_; });
}

void StopSignal::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
}

void StopSignal::reset() {
    std::lock_guard lock(mutex_);
    stopping_ = false;
}

namespace {
std::string or_default(const std::string &file, const char *name) {
    return file.empty() ? test_cert_dir() + "/" + name : file;
}
} // namespace

ServerState::ServerState(const Options &options, std::vector<School> school_list)
    : log_requests(options.log_requests), record_data_requests(options.record_data_requests),
      latency(options.latency),
      tokens(options.token_lifetime, options.code_lifetime), rate_limiter(options.rate_limit),
      faults(options.fault_seed, options.faults),
      keys(or_default(options.signing_key_file, "jwt_signing.key"),
           or_default(options.wrong_signing_key_file, "jwt_wrong.key")) {
    for (auto &school : school_list) {
        if (school.route.empty() || school.route == "_sim" || school.route.find('/') != std::string::npos)
            throw std::invalid_argument("invalid school route: '" + school.route + "'");
        std::string route = school.route;
        auto [it, added] = schools.emplace(route, std::make_unique<ServedSchool>(std::move(school)));
        if (!added) throw std::invalid_argument("duplicate school route: " + route);
    }
}

ServedSchool *ServerState::find_school(const std::string &route) {
    auto it = schools.find(route);
    return it == schools.end() ? nullptr : it->second.get();
}

bool ServerState::set_app_scopes(const std::string &route, const std::string &client_id,
                                 std::set<std::string> scopes) {
    ServedSchool *school = find_school(route);
    bool found = false;
    if (school)
        school->mutate(
            [&](School &s) {
                for (auto &app : s.apps)
                    if (app.client_id == client_id) {
                        app.enabled_scopes = scopes;
                        found = true;
                    }
            },
            false);
    return found;
}

} // namespace vcsim

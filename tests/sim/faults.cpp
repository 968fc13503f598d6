#include "faults.hpp"

#include <Poco/NumberParser.h>

#include <algorithm>
#include <stdexcept>

namespace vcsim {

namespace {

const std::map<std::string, FaultKind> &kinds_by_name() {
    static const std::map<std::string, FaultKind> kinds = {
        {"latency", FaultKind::latency},
        {"status", FaultKind::status},
        {"drop", FaultKind::drop},
        {"truncate", FaultKind::truncate},
        {"invalid_json", FaultKind::invalid_json},
        {"trickle", FaultKind::trickle},
        {"expire_tokens", FaultKind::expire_tokens},
        {"id_token_wrong_key", FaultKind::id_token_wrong_key},
        {"id_token_expired", FaultKind::id_token_expired},
        {"id_token_wrong_audience", FaultKind::id_token_wrong_audience},
    };
    return kinds;
}

bool is_id_token_fault(FaultKind kind) {
    return kind == FaultKind::id_token_wrong_key || kind == FaultKind::id_token_expired ||
           kind == FaultKind::id_token_wrong_audience;
}

// "v3/students" matches "v3/students" and "v3/students/12", not "v3/students2".
bool path_matches(const std::string &pattern, const std::string &path) {
    if (pattern.empty()) return true;
    if (path.compare(0, pattern.size(), pattern) != 0) return false;
    return path.size() == pattern.size() || path[pattern.size()] == '/' || path[pattern.size()] == '.';
}

void validate(const Fault &fault) {
    if (fault.count && *fault.count < 1) throw std::invalid_argument("count must be at least 1");
    if (!(fault.probability > 0.0 && fault.probability <= 1.0))
        throw std::invalid_argument("probability must be in (0, 1]");
    if (fault.kind == FaultKind::status && (fault.status < 400 || fault.status > 599))
        throw std::invalid_argument("status must be 400..599");
    if (fault.latency_ms < 0 || fault.after < 0 || fault.pause_ms < 0)
        throw std::invalid_argument("latency_ms, after and pause_ms must not be negative");
    if (fault.chunk_bytes < 1) throw std::invalid_argument("chunk_bytes must be at least 1");
}

int to_int(const std::string &name, const std::string &value) {
    int number = 0;
    if (!Poco::NumberParser::tryParse(value, number))
        throw std::invalid_argument("fault field " + name + " must be an integer: " + value);
    return number;
}

} // namespace

std::string fault_kind_name(FaultKind kind) {
    for (const auto &[name, k] : kinds_by_name())
        if (k == kind) return name;
    return "?";
}

Fault parse_fault(const std::map<std::string, std::string> &fields) {
    Fault fault;
    auto kind = fields.find("kind");
    if (kind == fields.end()) throw std::invalid_argument("a fault needs a kind");
    auto known = kinds_by_name().find(kind->second);
    if (known == kinds_by_name().end()) throw std::invalid_argument("unknown fault kind: " + kind->second);
    fault.kind = known->second;

    for (const auto &[name, value] : fields) {
        if (name == "kind") continue;
        else if (name == "route") fault.route = value;
        else if (name == "path") fault.path = value;
        else if (name == "count") fault.count = to_int(name, value);
        else if (name == "status") fault.status = to_int(name, value);
        else if (name == "latency_ms") fault.latency_ms = to_int(name, value);
        else if (name == "after") fault.after = to_int(name, value);
        else if (name == "chunk_bytes") fault.chunk_bytes = to_int(name, value);
        else if (name == "pause_ms") fault.pause_ms = to_int(name, value);
        else if (name == "probability") {
            if (!Poco::NumberParser::tryParseFloat(value, fault.probability))
                throw std::invalid_argument("fault field probability must be a number: " + value);
        } else
            throw std::invalid_argument("unknown fault field: " + name);
    }
    return fault;
}

std::map<std::string, std::string> fault_fields(const Fault &fault) {
    std::map<std::string, std::string> fields{{"kind", fault_kind_name(fault.kind)},
                                              {"probability", std::to_string(fault.probability)}};
    if (fault.after > 0) fields["after"] = std::to_string(fault.after);
    if (!fault.route.empty()) fields["route"] = fault.route;
    if (!fault.path.empty()) fields["path"] = fault.path;
    if (fault.count) fields["count"] = std::to_string(*fault.count);
    switch (fault.kind) {
    case FaultKind::status: fields["status"] = std::to_string(fault.status); break;
    case FaultKind::latency: fields["latency_ms"] = std::to_string(fault.latency_ms); break;
    case FaultKind::trickle:
        fields["chunk_bytes"] = std::to_string(fault.chunk_bytes);
        fields["pause_ms"] = std::to_string(fault.pause_ms);
        break;
    default: break;
    }
    return fields;
}

FaultInjector::FaultInjector(std::uint64_t seed, const std::vector<Fault> &faults) : random_(seed) {
    for (const auto &fault : faults) add(fault);
}

void FaultInjector::add(Fault fault) {
    // Paths may be written like the request path, with the leading slash.
    fault.path.erase(0, fault.path.find_first_not_of('/'));
    validate(fault);
    std::lock_guard lock(mutex_);
    rules_.push_back(Rule{std::move(fault)});
}

void FaultInjector::clear() {
    std::lock_guard lock(mutex_);
    rules_.clear();
}

std::vector<Fault> FaultInjector::list() const {
    std::lock_guard lock(mutex_);
    std::vector<Fault> faults;
    for (const auto &rule : rules_) faults.push_back(rule.fault);
    return faults;
}

bool FaultInjector::fires(Rule &rule) {
    if (rule.seen < rule.fault.after) {
        ++rule.seen;
        return false;
    }
    if (rule.fault.probability < 1.0) {
        // 53 random bits as a double in [0, 1): the same on every platform.
        double draw = static_cast<double>(random_() >> 11) * 0x1.0p-53;
        if (draw >= rule.fault.probability) return false;
    }
    if (rule.fault.count) --*rule.fault.count;
    return true;
}

void FaultInjector::drop_spent() {
    rules_.erase(std::remove_if(rules_.begin(), rules_.end(),
                                [](const Rule &r) { return r.fault.count && *r.fault.count <= 0; }),
                 rules_.end());
}

RequestFaults FaultInjector::on_request(const std::string &route, const std::string &path, bool data_request) {
    std::lock_guard lock(mutex_);
    RequestFaults result;
    for (auto &rule : rules_) {
        const Fault &fault = rule.fault;
        if (is_id_token_fault(fault.kind)) continue;
        if (!fault.route.empty() && fault.route != route) continue;
        if (!path_matches(fault.path, path)) continue;
        switch (fault.kind) {
        case FaultKind::latency:
            if (fires(rule)) {
                result.latency += std::chrono::milliseconds(fault.latency_ms);
                ++result.fired;
            }
            break;
        case FaultKind::expire_tokens:
            if (data_request && fires(rule)) {
                rule.seen = 0; // each new token lives for `after` data requests
                result.expire_tokens = true;
                ++result.fired;
            }
            break;
        default: // one response fault per request: the first rule that fires
            if (!result.response && fires(rule)) {
                result.response = fault;
                ++result.fired;
            }
        }
    }
    drop_spent();
    return result;
}

std::optional<FaultKind> FaultInjector::on_id_token(const std::string &route) {
    std::lock_guard lock(mutex_);
    std::optional<FaultKind> kind;
    for (auto &rule : rules_) {
        if (!is_id_token_fault(rule.fault.kind)) continue;
        if (!rule.fault.route.empty() && rule.fault.route != route) continue;
        if (fires(rule)) {
            kind = rule.fault.kind;
            break;
        }
    }
    drop_spent();
    return kind;
}

} // namespace vcsim

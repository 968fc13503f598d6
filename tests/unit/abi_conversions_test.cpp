// abi/'s conversions: the plugin's own statuses and host services to and
// from the C ABI's, which only abi/ knows.
#include "abi/abi_conversions.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>

#include <string>
#include <vector>

using veracross::HostServices;
using veracross::LogLevel;
using veracross::Status;

TEST_CASE("every plugin status maps to the ABI status of the same name") {
    const std::vector<Status> all = {Status::invalid_config, Status::auth_failed, Status::missing_scopes,
                                     Status::not_found,      Status::network,     Status::tls,
                                     Status::rate_limited,   Status::remote_error, Status::cancelled,
                                     Status::unsupported,    Status::internal};
    std::vector<sis_status> seen;
    for (Status s : all) {
        const sis_status abi = veracross::to_sis_status(s);
        CHECK(std::string(sis_status_name(abi)) == veracross::status_name(s));
        CHECK(abi != SIS_OK);
        seen.push_back(abi);
    }
    // One ABI status each, and every 1.0 status but ok is reachable (busy and
    // invalid_argument, the host-bug statuses of 1.1, come from abi/ itself).
    std::sort(seen.begin(), seen.end());
    CHECK(std::unique(seen.begin(), seen.end()) == seen.end());
    CHECK(seen.size() == static_cast<std::size_t>(SIS_INTERNAL));
}

namespace {
struct Recorded {
    std::vector<std::pair<sis_log_level, std::string>> logs;
    std::vector<std::string> stages;
    int cancel_asks = 0;
};
} // namespace

TEST_CASE("host services from the ABI reach the host's callbacks with the host's user data") {
    Recorded r;
    sis_host_services raw{};
    raw.struct_size = sizeof raw;
    raw.user_data = &r;
    raw.log = [](void *u, sis_log_level level, const char *message) {
        static_cast<Recorded *>(u)->logs.emplace_back(level, message);
    };
    raw.progress = [](void *u, const char *stage, uint64_t, uint64_t) {
        static_cast<Recorded *>(u)->stages.push_back(stage);
    };
    raw.is_cancelled = [](void *u) { return ++static_cast<Recorded *>(u)->cancel_asks >= 2 ? 1 : 0; };
    const HostServices host = veracross::host_services_from(&raw);
    host.log(LogLevel::warn, "careful");
    host.log(LogLevel::debug, "detail");
    host.progress("students", 1, 2);
    CHECK_FALSE(host.cancelled());
    CHECK(host.cancelled());
    REQUIRE(r.logs.size() == 2);
    CHECK(r.logs[0] == std::make_pair(sis_log_level(SIS_LOG_WARN), std::string("careful")));
    CHECK(r.logs[1] == std::make_pair(sis_log_level(SIS_LOG_DEBUG), std::string("detail")));
    CHECK(r.stages == std::vector<std::string>{"students"});
}

TEST_CASE("host services from a NULL, short or callback-less ABI struct do nothing and never cancel") {
    CHECK_FALSE(veracross::host_services_from(nullptr).cancelled());
    sis_host_services raw{};
    raw.struct_size = 4; // ends before the callbacks
    raw.is_cancelled = [](void *) { return 1; };
    CHECK_FALSE(veracross::host_services_from(&raw).cancelled());
    raw.struct_size = offsetof(sis_host_services, is_cancelled) + 4; // ends inside the pointer
    CHECK_FALSE(veracross::host_services_from(&raw).cancelled());
    raw.struct_size = sizeof raw;
    raw.is_cancelled = nullptr;
    const HostServices none = veracross::host_services_from(&raw);
    none.log(LogLevel::error, "goes nowhere");
    none.progress("x", 0, 0);
    CHECK_FALSE(none.cancelled());
}

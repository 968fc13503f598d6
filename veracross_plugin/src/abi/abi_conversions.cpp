// Statuses and host services between the plugin's types and the C ABI's
// (see abi_conversions.hpp).
#include "abi/abi_conversions.hpp"

#include <cstddef>
#include <utility>

namespace veracross {

sis_status to_sis_status(Status status) {
    switch (status) {
    case Status::invalid_config: return SIS_INVALID_CONFIG;
    case Status::auth_failed: return SIS_AUTH_FAILED;
    case Status::missing_scopes: return SIS_MISSING_SCOPES;
    case Status::not_found: return SIS_NOT_FOUND;
    case Status::network: return SIS_NETWORK;
    case Status::tls: return SIS_TLS;
    case Status::rate_limited: return SIS_RATE_LIMITED;
    case Status::remote_error: return SIS_REMOTE_ERROR;
    case Status::cancelled: return SIS_CANCELLED;
    case Status::unsupported: return SIS_UNSUPPORTED;
    case Status::internal: return SIS_INTERNAL;
    }
    return SIS_INTERNAL;
}

namespace {

sis_log_level to_sis_log_level(LogLevel level) {
    switch (level) {
    case LogLevel::debug: return SIS_LOG_DEBUG;
    case LogLevel::info: return SIS_LOG_INFO;
    case LogLevel::warn: return SIS_LOG_WARN;
    case LogLevel::error: return SIS_LOG_ERROR;
    }
    return SIS_LOG_ERROR;
}

} // namespace

std::string host_services_problem(const sis_host_services *host) {
    if (!host) return {};
    const std::uint32_t size = host->struct_size;
    const std::string told = "sis_host_services.struct_size is " + std::to_string(size);
    if (size < SIS_HOST_SERVICES_SIZE_1_0)
        return told + ", below the " + std::to_string(SIS_HOST_SERVICES_SIZE_1_0) +
               " bytes of ABI 1.0: set it to sizeof(sis_host_services)";
    // Where each member ends: a size must be one of them, or cover them all
    // (a newer host's longer struct).
    const std::size_t ends[] = {SIS_HOST_SERVICES_SIZE_1_0,
                                offsetof(sis_host_services, abi_major) + sizeof(std::uint32_t),
                                offsetof(sis_host_services, abi_minor) + sizeof(std::uint32_t),
                                sizeof(sis_host_services)};
    for (std::size_t end : ends)
        if (size == end) return {};
    if (size > sizeof(sis_host_services)) return {};
    return told + ", which ends inside a member: set it to sizeof(sis_host_services)";
}

HostAbiVersion host_abi_version(const sis_host_services *host) {
    HostAbiVersion v;
    if (host && SIS_HAS_MEMBER(host, sis_host_services, abi_minor)) {
        v.major = host->abi_major;
        v.minor = host->abi_minor;
    }
    return v;
}

HostServices host_services_from(const sis_host_services *host, std::function<bool()> also_cancelled) {
    // A field counts only when the host's struct holds all of it: a size
    // that ends inside a pointer must not give half a pointer.
    const auto has = [host](std::size_t offset, std::size_t size) { return host->struct_size >= offset + size; };
    if (!host || !has(offsetof(sis_host_services, user_data), sizeof(void *)))
        return HostServices({}, {}, std::move(also_cancelled));
    sis_host_services s{};
    s.user_data = host->user_data;
    if (has(offsetof(sis_host_services, log), sizeof s.log)) s.log = host->log;
    if (has(offsetof(sis_host_services, progress), sizeof s.progress)) s.progress = host->progress;
    if (has(offsetof(sis_host_services, is_cancelled), sizeof s.is_cancelled)) s.is_cancelled = host->is_cancelled;
    HostServices::Log log;
    HostServices::Progress progress;
    HostServices::Cancelled cancelled;
    if (s.log)
        log = [s](LogLevel level, const std::string &message) {
            s.log(s.user_data, to_sis_log_level(level), message.c_str());
        };
    if (s.progress)
        progress = [s](const std::string &stage, std::uint64_t done, std::uint64_t total) {
            s.progress(s.user_data, stage.c_str(), done, total);
        };
    if (s.is_cancelled && also_cancelled)
        cancelled = [s, also_cancelled] { return also_cancelled() || s.is_cancelled(s.user_data) != 0; };
    else if (s.is_cancelled)
        cancelled = [s] { return s.is_cancelled(s.user_data) != 0; };
    else
        cancelled = std::move(also_cancelled);
    return HostServices(std::move(log), std::move(progress), std::move(cancelled));
}

} // namespace veracross

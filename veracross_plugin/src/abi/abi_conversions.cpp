#include "abi/abi_conversions.hpp"

#include <cstddef>

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

HostServices host_services_from(const sis_host_services *host) {
    // A field counts only when the host's struct holds all of it: a size
    // that ends inside a pointer must not give half a pointer.
    const auto has = [host](std::size_t offset, std::size_t size) { return host->struct_size >= offset + size; };
    if (!host || !has(offsetof(sis_host_services, user_data), sizeof(void *))) return {};
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
    if (s.is_cancelled) cancelled = [s] { return s.is_cancelled(s.user_data) != 0; };
    return HostServices(std::move(log), std::move(progress), std::move(cancelled));
}

} // namespace veracross

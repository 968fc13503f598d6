// The host's callbacks, safe to call when the host left any of them out.
#pragma once

#include "sis_plugin.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace veracross {

class HostServices {
public:
    explicit HostServices(const sis_host_services *host) {
        // Copy only the part of the struct that this host actually has.
        if (host && host->struct_size >= offsetof(sis_host_services, user_data) + sizeof(void *)) {
            const std::size_t n = host->struct_size < sizeof services_ ? host->struct_size
                                                                        : sizeof services_;
            const auto *src = reinterpret_cast<const unsigned char *>(host);
            auto *dst = reinterpret_cast<unsigned char *>(&services_);
            for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
        }
    }

    void log(sis_log_level level, const std::string &message) const {
        if (services_.log) services_.log(services_.user_data, level, message.c_str());
    }
    void progress(const std::string &stage, std::uint64_t done, std::uint64_t total) const {
        if (services_.progress) services_.progress(services_.user_data, stage.c_str(), done, total);
    }
    bool cancelled() const {
        return services_.is_cancelled && services_.is_cancelled(services_.user_data) != 0;
    }

private:
    sis_host_services services_{};
};

} // namespace veracross

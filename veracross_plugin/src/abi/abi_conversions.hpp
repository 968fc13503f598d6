// The plugin's own types to and from the C ABI's: statuses and the host's
// callbacks. Only abi/ includes sis_plugin.h; everything below speaks these.
#pragma once

#include "common/host_services.hpp"
#include "common/plugin_error.hpp"
#include "sis_plugin.h"

#include <cstdint>
#include <functional>
#include <string>

namespace veracross {

sis_status to_sis_status(Status status);

// Why create must refuse the host's services, or "" when they are usable.
// NULL is usable (no services); a struct_size below the 1.0 struct's, or one
// that ends inside a member, is a host bug.
std::string host_services_problem(const sis_host_services *host);

// The ABI version the host was built with: 1.0 when its struct predates 1.1;
// major 0 when a 1.1 host left the fields zero.
struct HostAbiVersion {
    std::uint32_t major = 1, minor = 0;
};
HostAbiVersion host_abi_version(const sis_host_services *host);

// The host's callbacks as HostServices. Takes only the callbacks that the
// host's struct holds whole (struct_size); a NULL or too short struct is no
// host. `also_cancelled` (the ABI's cancel) counts as the host cancelling.
HostServices host_services_from(const sis_host_services *host, std::function<bool()> also_cancelled = {});

} // namespace veracross

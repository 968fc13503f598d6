// The plugin's own types to and from the C ABI's: statuses and the host's
// callbacks. Only abi/ includes sis_plugin.h; everything below speaks these.
#pragma once

#include "common/host_services.hpp"
#include "common/plugin_error.hpp"
#include "sis_plugin.h"

namespace veracross {

sis_status to_sis_status(Status status);

// The host's callbacks as HostServices. Takes only the callbacks that the
// host's struct holds whole (struct_size); a NULL or too short struct is no host.
HostServices host_services_from(const sis_host_services *host);

} // namespace veracross

// Status names, spelled as the C ABI's sis_status_name spells them (a test
// in abi/ checks that the two agree).
#include "common/plugin_error.hpp"

namespace veracross {

const char *status_name(Status status) {
    switch (status) {
    case Status::invalid_config: return "invalid_config";
    case Status::auth_failed: return "auth_failed";
    case Status::missing_scopes: return "missing_scopes";
    case Status::not_found: return "not_found";
    case Status::network: return "network";
    case Status::tls: return "tls";
    case Status::rate_limited: return "rate_limited";
    case Status::remote_error: return "remote_error";
    case Status::cancelled: return "cancelled";
    case Status::unsupported: return "unsupported";
    case Status::internal: return "internal";
    }
    return "internal";
}

} // namespace veracross

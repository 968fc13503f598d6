// The school route (from School Domain) as Veracross knows it.
#pragma once

#include "config/config.hpp"
#include "http/http_client.hpp"
#include "common/plugin_error.hpp"

namespace veracross {

// Status::not_found unknown_school_route, telling the admin what to enter.
PluginError unknown_route_error(const Config &config);

// Veracross's token endpoint answers invalid_client for an unknown route
// as for wrong credentials; the Data API checks the route before any token,
// so one unauthenticated request tells the two apart. False only when
// Veracross said "The requested client is unknown".
bool route_is_known(HttpClient &http, const Config &config);

} // namespace veracross

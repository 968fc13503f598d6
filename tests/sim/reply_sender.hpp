// Writes a Reply to Poco's response, reworked by a body fault when one fired
// (truncate, invalid_json, trickle).
#pragma once

#include "http_exchange.hpp"
#include "server_state.hpp"

#include <Poco/Net/HTTPServerResponse.h>

#include <optional>

namespace vcsim {

void send_reply(Poco::Net::HTTPServerResponse &response, const Reply &reply,
                const std::optional<Fault> &body_fault, StopSignal &stop_signal);

// The reply of a `status` fault: Veracross-style JSON for 429 and 500, an
// HTML page like a proxy's for the rest.
Reply status_fault_reply(int status);

} // namespace vcsim

// Poco's side of every request: turns it into a Request, counts it, applies
// the faults, picks the endpoint by path and sends the Reply.
#pragma once

#include "server_state.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <string>

namespace vcsim {

class RequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
  public:
    // scheme is "http" or "https"; default_host names the listener when a
    // request has no Host header.
    RequestHandlerFactory(ServerState &state, std::string scheme, std::string default_host);
    Poco::Net::HTTPRequestHandler *createRequestHandler(const Poco::Net::HTTPServerRequest &request) override;

  private:
    ServerState &state_;
    const std::string scheme_;
    const std::string default_host_;
};

} // namespace vcsim

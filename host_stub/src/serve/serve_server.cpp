#include "serve/serve_server.hpp"

#include "serve/serve_routes.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace sis_cli {
namespace {

class RoutesFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    RoutesFactory(Workspace &workspace, SessionStore &sessions, int port)
        : workspace_(workspace), sessions_(sessions), port_(port) {}
    Poco::Net::HTTPRequestHandler *createRequestHandler(const Poco::Net::HTTPServerRequest &) override {
        return new AdminRoutes(workspace_, sessions_, port_);
    }

private:
    Workspace &workspace_;
    SessionStore &sessions_;
    int port_;
};

} // namespace

AdminServer::AdminServer(Workspace &workspace, int port) : workspace_(workspace) {
    // Loopback only: the page holds a school's credentials and rosters.
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    port_ = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    params->setMaxQueued(64);
    params->setTimeout(Poco::Timespan(30, 0));
    params->setKeepAlive(true);
    params->setServerName("sis-host");
    server_ = std::make_unique<Poco::Net::HTTPServer>(new RoutesFactory(workspace_, sessions_, port_), socket, params);
    server_->start();
}

AdminServer::~AdminServer() {
    server_->stopAll(true);
}

} // namespace sis_cli

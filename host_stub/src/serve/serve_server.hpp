// sis-host serve's web server: Poco's HTTPServer on 127.0.0.1 serving the
// admin page (serve_routes.cpp) for one Workspace.
#pragma once

#include "serve/serve_sessions.hpp"
#include "serve/serve_workspace.hpp"

#include <memory>
#include <string>

namespace Poco::Net {
class HTTPServer;
}

namespace sis_cli {

class AdminServer {
public:
    // Binds 127.0.0.1:port (0: any free port) and starts serving.
    // Throws Poco::Net::NetException when the port is taken.
    AdminServer(Workspace &workspace, int port);
    ~AdminServer(); // stops: open connections are closed
    AdminServer(const AdminServer &) = delete;
    AdminServer &operator=(const AdminServer &) = delete;

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

private:
    Workspace &workspace_;
    SessionStore sessions_;
    int port_ = 0;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

} // namespace sis_cli

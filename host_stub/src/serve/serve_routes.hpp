// The admin page's addresses: the page and its files, the JSON API its
// script calls, the downloads, and the SSO begin and callback.
#pragma once

#include "serve/serve_sessions.hpp"
#include "serve/serve_workspace.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>

namespace sis_cli {

class AdminRoutes : public Poco::Net::HTTPRequestHandler {
public:
    AdminRoutes(Workspace &workspace, SessionStore &sessions, int port)
        : workspace_(workspace), sessions_(sessions), port_(port) {}
    void handleRequest(Poco::Net::HTTPServerRequest &request, Poco::Net::HTTPServerResponse &response) override;

private:
    void route(Poco::Net::HTTPServerRequest &request, Poco::Net::HTTPServerResponse &response);
    void page(Poco::Net::HTTPServerRequest &request, Poco::Net::HTTPServerResponse &response);
    std::string session_of(const Poco::Net::HTTPServerRequest &request) const; // PageError(401) when none
    // The session of a POST whose form carries its CSRF token; PageError(403) otherwise.
    std::string checked_post(Poco::Net::HTTPServerRequest &request, const Poco::Net::HTMLForm &form) const;
    void send_state(Poco::Net::HTTPServerResponse &response, const std::string &session);
    void post_integration(const Poco::Net::HTMLForm &form, const std::string &session,
                          Poco::Net::HTTPServerResponse &response);
    void post_event(const Poco::Net::HTMLForm &form, const std::string &session,
                    Poco::Net::HTTPServerResponse &response);
    void sso_begin(const std::string &session, Poco::Net::HTTPServerResponse &response);
    void sso_callback(Poco::Net::HTTPServerRequest &request, Poco::Net::HTTPServerResponse &response);
    void sso_pasted(const Poco::Net::HTMLForm &form, const std::string &session,
                    Poco::Net::HTTPServerResponse &response);
    void download(const std::string &what, Poco::Net::HTTPServerResponse &response);

    Workspace &workspace_;
    SessionStore &sessions_;
    const int port_;
};

} // namespace sis_cli

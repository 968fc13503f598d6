// The admin page's server in process: the simulator's "demo" school over
// HTTPS (connect_test::SimFixture: every scope, a distinctive secret), the
// plugin from the build's plugin folder through the hot-swap registry, and
// an AdminServer on a free loopback port whose settings point at the
// simulator, with School Domain, Client ID and Client Secret left for the
// form.
#pragma once

#include "page_client.hpp"
#include "serve/serve_server.hpp"
#include "sim_fixture.hpp"

#include <memory>
#include <sstream>

namespace serve_test {

struct ServeFixture {
    ServeFixture();
    ~ServeFixture();

    // The integration form as an admin fills it in (the simulator's app).
    Fields integration_form(const std::string &action = "save") const;
    // The event form: "Semester 1", every level.
    static Fields event_form(const std::string &mode);
    // Everything the server wrote to its log (read when no job runs).
    std::string log_text() const { return log.str(); }

    connect_test::SimFixture sim;
    std::ostringstream log;
    std::unique_ptr<sis_cli::Workspace> workspace;
    std::unique_ptr<sis_cli::AdminServer> server;
    PageClient page;
};

} // namespace serve_test

#include "serve_fixture.hpp"

#include "simulator.hpp"

namespace serve_test {

ServeFixture::ServeFixture() : page(0) {
    sis_cli::SchoolConfig config;
    config.file = "the integration form";
    config.settings = YAML::Node(YAML::NodeType::Map);
    config.settings["accounts_base_url"] = sim.sim->https_base_url();
    config.settings["api_base_url"] = sim.sim->https_base_url();
    config.settings["tls_ca_file"] = vcsim::test_ca_file();
    config.settings["timeout_seconds"] = 10;
    auto registry = std::make_shared<sis_host::Registry>(SIS_PLUGIN_DIR);
    registry->load_all();
    workspace = std::make_unique<sis_cli::Workspace>(registry, config, log);
    server = std::make_unique<sis_cli::AdminServer>(*workspace, 0);
    page = PageClient(server->port());
}

ServeFixture::~ServeFixture() {
    server.reset();
    workspace.reset();
}

Fields ServeFixture::integration_form(const std::string &action) const {
    return {{"school_domain", "https://axiom.veracross.com/demo/"},
            {"client_id", sim.client_id},
            {"client_secret", connect_test::kSecret},
            {"integration_type", "imports_and_sso"},
            {"action", action}};
}

Fields ServeFixture::event_form(const std::string &mode) {
    return {{"name", "Fall Parent-Teacher Conferences"},
            {"grading_period", "Semester 1"},
            {"include_non_custodial", "on"},
            {"split_households", "on"}, // checked on the page unless the admin unticks it
            {"mode", mode}};
}

} // namespace serve_test

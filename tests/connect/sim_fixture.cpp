#include "sim_fixture.hpp"

#include <sstream>

namespace connect_test {

const std::set<std::string> &import_scopes() {
    static const std::set<std::string> s{
        "staff_faculty:list", "staff_faculty:read", "parents:list", "parents:read",
        "students:list", "students:read", "relationships:list", "relationships:read",
        "academics.config.grading_periods:list", "academics.config.grading_periods:read",
        "academics.classes:list", "academics.classes:read", "academics.enrollments:list",
        "academics.enrollments:read"};
    return s;
}

const std::set<std::string> &optional_scopes() {
    static const std::set<std::string> s{"academics.class_schedules:list", "academics.permissions:list"};
    return s;
}

std::set<std::string> guide_scopes() {
    std::set<std::string> s = import_scopes();
    s.insert("sso");
    return s;
}

std::set<std::string> every_scope() {
    std::set<std::string> s = guide_scopes();
    s.insert(optional_scopes().begin(), optional_scopes().end());
    s.insert("openid");
    return s;
}

SimFixture::SimFixture(vcsim::Options options) : school(vcsim::generate_school({"demo", 7, 50})) {
    school.apps.at(0).client_secret = kSecret;
    school.apps.at(0).enabled_scopes = every_scope();
    client_id = school.apps.at(0).client_id;
    sim = std::make_unique<vcsim::Simulator>(std::move(options), std::vector<vcsim::School>{school});
    sim->start();
}

std::string SimFixture::config(const std::string &integration_type,
                               const Poco::JSON::Object &overrides) const {
    Poco::JSON::Object c;
    c.set("school_domain", "demo");
    c.set("client_id", client_id);
    c.set("client_secret", kSecret);
    c.set("integration_type", integration_type);
    c.set("accounts_base_url", sim->https_base_url());
    c.set("api_base_url", sim->https_base_url());
    c.set("tls_ca_file", vcsim::test_ca_file());
    c.set("timeout_seconds", 5);
    for (const auto &kv : overrides) c.set(kv.first, kv.second);
    std::ostringstream out;
    c.stringify(out);
    return out.str();
}

void SimFixture::set_scopes(std::set<std::string> scopes) {
    sim->set_app_scopes("demo", client_id, std::move(scopes));
}

} // namespace connect_test

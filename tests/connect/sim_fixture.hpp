// A running Veracross simulator with one school ("demo") whose OAuth
// application has a distinctive client secret and every scope (until
// set_scopes), and the plugin settings that point at it over HTTPS.
#pragma once

#include "simulator.hpp"

#include <Poco/JSON/Object.h>

#include <memory>
#include <set>
#include <string>

namespace connect_test {

// Never to appear in any result, error or log line.
inline const std::string kSecret = "S3CRET-never-shown-f00d";

const std::set<std::string> &import_scopes();   // the 14 of the setup guide
const std::set<std::string> &optional_scopes(); // the manifest's optional ones
std::set<std::string> guide_scopes();            // the setup guide's: the 14 and sso
std::set<std::string> every_scope();             // guide_scopes, optional ones and openid

struct SimFixture {
    explicit SimFixture(vcsim::Options options = {});

    // Plugin config JSON for the simulator; `overrides` replace fields.
    std::string config(const std::string &integration_type = "imports",
                       const Poco::JSON::Object &overrides = Poco::JSON::Object()) const;
    void set_scopes(std::set<std::string> scopes);

    vcsim::School school;
    std::string client_id;
    std::unique_ptr<vcsim::Simulator> sim;
};

} // namespace connect_test

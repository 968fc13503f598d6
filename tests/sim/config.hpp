// The YAML configuration of veracross-sim (format in README.md, example in
// demo.yaml): server options, faults, and the schools to generate with
// their app and user overrides.
#pragma once

#include "simulator.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vcsim {

// Fields given replace those of the generated app with the same position;
// apps past the generated ones are new and need client_id and client_secret.
struct AppOverride {
    std::optional<std::string> client_id;
    std::optional<std::string> client_secret;
    std::optional<std::set<std::string>> enabled_scopes;
    std::optional<std::vector<std::string>> redirect_uris;
};

struct SchoolConfig {
    SchoolSpec spec;
    std::vector<AppOverride> apps;
    std::vector<LoginUser> users; // added to the generated ones; a user with the same sub replaces it
};

struct SimConfig {
    Options options;
    std::vector<SchoolConfig> schools;
};

// Throws std::runtime_error naming the file and the bad key. Relative file
// names in the config are relative to the config file's folder.
SimConfig load_config(const std::string &path);
SimConfig parse_config(const std::string &yaml_text, const std::string &base_dir);

// generate_school for each school, then the overrides.
std::vector<School> build_schools(const std::vector<SchoolConfig> &schools);

} // namespace vcsim

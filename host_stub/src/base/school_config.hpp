// A school's connection settings for sis-host: a YAML file, with the client
// secret from the environment or a file of its own, checked against the
// plugin's manifest and handed to the plugin as JSON.
#pragma once

#include "sis_host/manifest.hpp"

#include <stdexcept>
#include <string>

namespace sis_cli {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SchoolConfig {
    std::string plugin_id = "veracross";
    std::string file;
    YAML::Node settings;       // without plugin / client_secret_* keys
    std::string secret;        // never print it
};

// Reads the YAML file. The secret comes from `client_secret_file:` in the
// YAML, or else from the environment variable named by `client_secret_env:`
// (default SIS_CLIENT_SECRET). Throws ConfigError naming file and field.
SchoolConfig read_school_config(const std::string &file);

// Checks required fields, types and enum values against the manifest, and
// returns the JSON that create() receives (it holds the secret: never print it).
std::string plugin_config_json(const SchoolConfig &config, const sis_host::Manifest &manifest);

} // namespace sis_cli

#include "base/school_config.hpp"

#include "base/yaml_json.hpp"

#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sis_cli {
namespace {

std::string read_secret_file(const std::string &config_file, const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(config_file + ": field 'client_secret_file': cannot read '" + path + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    if (s.empty()) throw ConfigError(config_file + ": field 'client_secret_file': '" + path + "' is empty");
    return s;
}

} // namespace

SchoolConfig read_school_config(const std::string &file) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file);
    } catch (const YAML::BadFile &) {
        throw ConfigError(file + ": cannot read the config file");
    } catch (const YAML::Exception &e) {
        throw ConfigError(file + ": not valid YAML (line " + std::to_string(e.mark.line + 1) +
                          "): " + e.msg);
    }
    if (!root.IsMap()) throw ConfigError(file + ": must be a YAML mapping of settings");
    if (root["client_secret"])
        throw ConfigError(file + ": field 'client_secret': do not write the secret into the config; "
                                 "put it in a file named by client_secret_file, or in the "
                                 "SIS_CLIENT_SECRET environment variable");

    SchoolConfig c;
    c.file = file;
    c.settings = YAML::Node(YAML::NodeType::Map);
    std::string secret_file, secret_env = "SIS_CLIENT_SECRET";
    for (const auto &kv : root) {
        const std::string key = kv.first.as<std::string>();
        if (key == "plugin" || key == "client_secret_file" || key == "client_secret_env") {
            if (!kv.second.IsScalar()) throw ConfigError(file + ": field '" + key + "': must be text");
            if (key == "plugin") c.plugin_id = kv.second.Scalar();
            if (key == "client_secret_file") secret_file = kv.second.Scalar();
            if (key == "client_secret_env") secret_env = kv.second.Scalar();
            continue;
        }
        c.settings[key] = kv.second;
    }
    if (!secret_file.empty()) {
        c.secret = read_secret_file(file, secret_file);
    } else if (const char *env = std::getenv(secret_env.c_str())) {
        c.secret = env;
    }
    return c;
}

std::string plugin_config_json(const SchoolConfig &config, const sis_host::Manifest &manifest) {
    Poco::JSON::Object obj;
    for (const auto &kv : config.settings) {
        const std::string key = kv.first.as<std::string>();
        const sis_host::ConfigField *field = manifest.field(key);
        obj.set(key, yaml_to_json(kv.second, field && (field->type == "string" || field->type == "enum")));
    }
    for (const auto &field : manifest.config_fields)
        if (field.secret && !config.secret.empty()) obj.set(field.name, config.secret);

    for (const auto &field : manifest.config_fields) {
        const std::string where = config.file + ": field '" + field.name + "': ";
        if (!obj.has(field.name) || obj.isNull(field.name)) {
            if (!field.required) continue;
            if (field.secret)
                throw ConfigError(where + "is required: set the SIS_CLIENT_SECRET environment "
                                          "variable or client_secret_file");
            throw ConfigError(where + "is required (" + field.label + ")");
        }
        const Poco::Dynamic::Var v = obj.get(field.name);
        if (field.type == "enum") {
            const std::string s = v.toString();
            bool known = false;
            std::string allowed;
            for (const auto &value : field.values) {
                known = known || value == s;
                allowed += (allowed.empty() ? "" : ", ") + value;
            }
            if (!known) throw ConfigError(where + "'" + s + "' is not one of " + allowed);
        } else if (field.type == "string" && !v.isString()) {
            throw ConfigError(where + "must be text");
        }
    }
    std::ostringstream json;
    obj.stringify(json);
    return json.str();
}

} // namespace sis_cli

#include "config.hpp"

#include "faults.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vcsim {

namespace {

// Unknown keys are errors: a typo must not silently fall back to a default.
void check_keys(const YAML::Node &map, std::initializer_list<const char *> known, const std::string &where) {
    if (!map.IsMap()) throw std::runtime_error(where + " must be a mapping");
    for (const auto &entry : map) {
        const auto key = entry.first.as<std::string>();
        if (std::none_of(known.begin(), known.end(), [&](const char *k) { return key == k; }))
            throw std::runtime_error("unknown key '" + key + "' in " + where);
    }
}

template <class T> void read(const YAML::Node &map, const char *key, T &out) {
    if (map[key]) out = map[key].as<T>();
}

std::string resolve(const std::string &base_dir, const std::string &file) {
    if (file.empty() || file.front() == '/' || base_dir.empty()) return file;
    return base_dir + "/" + file;
}

AppOverride parse_app(const YAML::Node &node, const std::string &where) {
    check_keys(node, {"client_id", "client_secret", "enabled_scopes", "redirect_uris"}, where);
    AppOverride app;
    if (node["client_id"]) app.client_id = node["client_id"].as<std::string>();
    if (node["client_secret"]) app.client_secret = node["client_secret"].as<std::string>();
    if (node["enabled_scopes"]) {
        auto scopes = node["enabled_scopes"].as<std::vector<std::string>>();
        app.enabled_scopes = std::set<std::string>(scopes.begin(), scopes.end());
    }
    if (node["redirect_uris"]) app.redirect_uris = node["redirect_uris"].as<std::vector<std::string>>();
    return app;
}

LoginUser parse_user(const YAML::Node &node, const std::string &where) {
    check_keys(node, {"sub", "preferred_username", "email", "roles", "person_id"}, where);
    if (!node["sub"] || !node["preferred_username"])
        throw std::runtime_error(where + " needs sub and preferred_username");
    LoginUser user;
    read(node, "sub", user.sub);
    read(node, "preferred_username", user.preferred_username);
    read(node, "email", user.email);
    read(node, "roles", user.roles);
    read(node, "person_id", user.person_id);
    return user;
}

SchoolConfig parse_school(const YAML::Node &node, const std::string &where) {
    check_keys(node, {"route", "seed", "students", "apps", "users"}, where);
    if (!node["route"]) throw std::runtime_error(where + " needs a route");
    SchoolConfig school;
    read(node, "route", school.spec.route);
    read(node, "seed", school.spec.seed);
    read(node, "students", school.spec.students);
    const std::string name = "school " + school.spec.route;
    for (std::size_t i = 0; node["apps"] && i < node["apps"].size(); ++i)
        school.apps.push_back(parse_app(node["apps"][i], name + " apps[" + std::to_string(i) + "]"));
    for (std::size_t i = 0; node["users"] && i < node["users"].size(); ++i)
        school.users.push_back(parse_user(node["users"][i], name + " users[" + std::to_string(i) + "]"));
    return school;
}

Fault parse_fault_node(const YAML::Node &node, const std::string &where) {
    if (!node.IsMap()) throw std::runtime_error(where + " must be a mapping");
    std::map<std::string, std::string> fields;
    for (const auto &entry : node) fields[entry.first.as<std::string>()] = entry.second.as<std::string>();
    try {
        return parse_fault(fields);
    } catch (const std::invalid_argument &e) {
        throw std::runtime_error(where + ": " + e.what());
    }
}

Options parse_options(const YAML::Node &root, const std::string &base_dir) {
    Options options;
    if (const auto listen = root["listen"]) {
        check_keys(listen, {"host", "http_port", "https_port"}, "listen");
        read(listen, "host", options.host);
        read(listen, "http_port", options.http_port);
        read(listen, "https_port", options.https_port);
    }
    if (const auto tls = root["tls"]) {
        check_keys(tls, {"certificate", "private_key"}, "tls");
        read(tls, "certificate", options.certificate_file);
        read(tls, "private_key", options.private_key_file);
        options.certificate_file = resolve(base_dir, options.certificate_file);
        options.private_key_file = resolve(base_dir, options.private_key_file);
    }
    if (root["token_lifetime_seconds"])
        options.token_lifetime = std::chrono::seconds(root["token_lifetime_seconds"].as<int>());
    if (root["code_lifetime_seconds"])
        options.code_lifetime = std::chrono::seconds(root["code_lifetime_seconds"].as<int>());
    if (const auto rate = root["rate_limit"]) {
        check_keys(rate, {"limit", "window_seconds"}, "rate_limit");
        read(rate, "limit", options.rate_limit.limit);
        if (rate["window_seconds"])
            options.rate_limit.window = std::chrono::milliseconds(
                static_cast<std::int64_t>(rate["window_seconds"].as<double>() * 1000));
    }
    if (root["latency_ms"]) options.latency = std::chrono::milliseconds(root["latency_ms"].as<int>());
    read(root, "fault_seed", options.fault_seed);
    read(root, "log_requests", options.log_requests);
    for (std::size_t i = 0; root["faults"] && i < root["faults"].size(); ++i)
        options.faults.push_back(parse_fault_node(root["faults"][i], "faults[" + std::to_string(i) + "]"));
    return options;
}

} // namespace

SimConfig parse_config(const std::string &yaml_text, const std::string &base_dir) {
    try {
        const YAML::Node root = YAML::Load(yaml_text);
        check_keys(root,
                   {"listen", "tls", "token_lifetime_seconds", "code_lifetime_seconds", "rate_limit", "latency_ms",
                    "fault_seed", "log_requests", "faults", "schools"},
                   "the config");
        SimConfig config;
        config.options = parse_options(root, base_dir);
        for (std::size_t i = 0; root["schools"] && i < root["schools"].size(); ++i)
            config.schools.push_back(parse_school(root["schools"][i], "schools[" + std::to_string(i) + "]"));
        if (config.schools.empty()) throw std::runtime_error("the config lists no schools");
        return config;
    } catch (const YAML::Exception &e) {
        throw std::runtime_error(e.what());
    }
}

SimConfig load_config(const std::string &path) {
    std::ifstream file(path);
    if (!file) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << file.rdbuf();
    const std::size_t slash = path.rfind('/');
    const std::string base_dir = slash == std::string::npos ? "." : path.substr(0, slash);
    try {
        return parse_config(text.str(), base_dir);
    } catch (const std::runtime_error &e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

std::vector<School> build_schools(const std::vector<SchoolConfig> &schools) {
    std::vector<School> built;
    for (const auto &config : schools) {
        School school = generate_school(config.spec);
        for (std::size_t i = 0; i < config.apps.size(); ++i) {
            const AppOverride &override = config.apps[i];
            if (i >= school.apps.size()) {
                if (!override.client_id || !override.client_secret)
                    throw std::runtime_error("school " + school.route + ": a new app needs client_id and client_secret");
                school.apps.emplace_back();
            }
            OAuthApp &app = school.apps[i];
            if (override.client_id) app.client_id = *override.client_id;
            if (override.client_secret) app.client_secret = *override.client_secret;
            if (override.enabled_scopes) app.enabled_scopes = *override.enabled_scopes;
            if (override.redirect_uris) app.redirect_uris = *override.redirect_uris;
        }
        for (const auto &user : config.users) {
            auto same = std::find_if(school.users.begin(), school.users.end(),
                                     [&](const LoginUser &u) { return u.sub == user.sub; });
            if (same != school.users.end()) *same = user;
            else school.users.push_back(user);
        }
        built.push_back(std::move(school));
    }
    return built;
}

} // namespace vcsim

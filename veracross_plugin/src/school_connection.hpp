// One school connection: what an ABI instance is. Each operation lives in
// its own file; this class only holds what they share.
#pragma once

#include "config.hpp"
#include "host_services.hpp"

#include <string>

namespace veracross {

class SchoolConnection {
public:
    SchoolConnection(Config config, HostServices host);

    // Each returns the result JSON or throws PluginError.
    std::string connect();
    std::string list_scopes(const std::string &request_json);
    std::string import_event(const std::string &event_json);
    std::string sso(const std::string &request_json);

    const Config &config() const { return config_; }
    const HostServices &host() const { return host_; }

private:
    Config config_;
    HostServices host_;
};

} // namespace veracross

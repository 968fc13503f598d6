#include "operations/school_connection.hpp"

#include "operations/operations.hpp"
#include "auth/scope_needs.hpp"

namespace veracross {
namespace {

HttpSettings http_settings(const Config &config) {
    HttpSettings s;
    s.timeout_seconds = config.timeout_seconds;
    s.tls_ca_file = config.tls_ca_file;
    return s;
}

} // namespace

SchoolConnection::SchoolConnection(Config config, HostServices host)
    : config_(std::move(config)), host_(host), http_(http_settings(config_)),
      tokens_(config_, http_, host_, needed_scopes(config_, config_.integration_type)),
      data_api_(config_, http_, tokens_, host_) {}

std::string SchoolConnection::connect() { return run_connect(*this); }
std::string SchoolConnection::list_scopes(const std::string &request_json) {
    return run_list_scopes(*this, request_json);
}
std::string SchoolConnection::import_event(const std::string &event_json) {
    return run_import(*this, event_json);
}
std::string SchoolConnection::sso(const std::string &request_json) {
    return run_sso(*this, request_json);
}

} // namespace veracross

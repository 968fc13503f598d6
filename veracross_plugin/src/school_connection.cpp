#include "school_connection.hpp"

#include "operations.hpp"

namespace veracross {

SchoolConnection::SchoolConnection(Config config, HostServices host)
    : config_(std::move(config)), host_(host) {}

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

// Helpers of the simulator's own tests: a plain Poco HTTP(S) client and a
// small hand-made school whose every record the tests know.
#pragma once

#include "simulator.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NameValueCollection.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace simtest {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Response {
    int status = 0;
    Poco::Net::NameValueCollection headers;
    std::string body;

    std::string header(const std::string &name) const { return headers.get(name, ""); }
    Poco::JSON::Object::Ptr json() const; // throws when the body is not a JSON object
};

struct Call {
    std::string method = "GET";
    std::string path; // with query
    Fields headers;
    std::string content_type;
    std::string body;
};

// A client Context that trusts `ca_file` and, with strict, checks the host name
// (Poco skips that check for loopback addresses unless VERIFY_STRICT).
Poco::Net::Context::Ptr client_context(const std::string &ca_file = vcsim::test_ca_file(), bool strict = false);

// One request on a fresh connection; base_url "http://..." or "https://...".
Response send(const std::string &base_url, const Call &call,
              Poco::Net::Context::Ptr context = client_context());
Response get(const std::string &base_url, const std::string &path, const Fields &headers = {});
Response post_form(const std::string &base_url, const std::string &path, const Fields &form);
std::string form_encode(const Fields &fields);

// --- The test school -----------------------------------------------------
// Route "demo" by default. Students have ids 101.. (in order), household
// 1 + i % 3, homeroom teacher 7 or 8, last_modified_date 2026-01-DD, where
// DD = 1 + (i % 28) for the i-th student (i from 0); campus is an object in
// the list shape and an int in the read shape. Three classes.
inline const std::string kClientId = "0123456789abcdef0123456789abcdef";
inline const std::string kSecret = std::string(32, 'a') + std::string(32, 'b');
inline const std::string kLimitedClientId = "fedcba9876543210fedcba9876543210"; // only students:list
inline const std::string kLimitedSecret = std::string(64, 'c');
inline const std::string kRedirect = "https://pickatime.com/client";

// Seconds since the epoch, as the simulator's clock says "now".
inline std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

vcsim::School make_school(const std::string &route = "demo", int students = 5);

// A fresh simulator on loopback with the test school(s), already started.
std::unique_ptr<vcsim::Simulator> start_simulator(vcsim::Options options = {},
                                                  std::vector<vcsim::School> schools = {});

// access_token of a client-credentials grant; fails the test if refused.
std::string fetch_token(const std::string &base_url, const std::string &scope, const std::string &route = "demo",
                        const std::string &client_id = kClientId, const std::string &secret = kSecret);

Response get_data(const std::string &base_url, const std::string &path, const std::string &token,
                  Fields headers = {});

} // namespace simtest

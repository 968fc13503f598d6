// The interop provider (provider.mjs, a certified OpenID provider dressed as
// Veracross) as a child process of a test: started on a free port, told what
// to do through its /_control endpoints, stopped when the test ends.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace interop {

// Who logs in at the provider (the claims it then tells about them).
struct Account {
    std::string sub;
    std::string email;              // empty: none
    std::string preferred_username; // empty: none
    std::vector<std::string> roles = {"Parent"};
};

// Where the provider's browser ended: sent back to a redirect URL
// (location, query) or stopped at a page (status, page).
struct Landing {
    int status = 0;
    std::string location;
    std::map<std::string, std::string> query; // of location, decoded
    std::string page;                          // JSON text, when no redirect
};

class ProviderProcess {
public:
    // Starts `node provider.mjs` from `provider_dir` (with its node_modules)
    // and waits (up to 20 s) for it to print its port. Throws std::runtime_error
    // with the provider's stderr when it does not start.
    ProviderProcess(const std::string &route, const std::string &client_id, const std::string &client_secret);
    ~ProviderProcess();
    ProviderProcess(const ProviderProcess &) = delete;
    ProviderProcess &operator=(const ProviderProcess &) = delete;

    int port() const { return port_; }
    std::string origin() const; // https://127.0.0.1:<port>

    // POST /_control/<what> with a JSON body; the answer (throws on non-200).
    Poco::JSON::Object::Ptr control(const std::string &what, const std::string &json_body = "{}");
    // GET /_control/settings.
    Poco::JSON::Object::Ptr settings();
    // A fresh browser logs in as `account` (consent "grant" or "deny").
    Landing browse(const std::string &authorization_url, const Account &account, const std::string &consent = "grant");
    // GET of any provider URL (e.g. the JWKS): status and body.
    std::pair<int, std::string> get(const std::string &path);

private:
    std::pair<int, std::string> send(const std::string &method, const std::string &path, const std::string &body);

    Poco::Pipe in_, out_, err_;
    std::unique_ptr<Poco::ProcessHandle> handle_;
    int port_ = 0;
};

// The test CA file the provider's certificate is signed by.
std::string test_ca_file();

} // namespace interop

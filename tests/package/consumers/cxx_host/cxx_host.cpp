// A C++ host, as the pickAtime server would be built against the installed
// package: scans SIS_PLUGIN_ROOT/veracross/<version>/ for the manifest,
// loads the plugin through sis_host (Boost.DLL) with the manifest checks,
// then describe and connect against the simulator. Exit 0 only if all worked.
// Environment: SIS_SIM_URL, SIS_TEST_CA, SIS_TEST_CLIENT_ID, SIS_CLIENT_SECRET.
#include <sis_host/checked_plugin.hpp>

#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

namespace {
std::string env(const char *name) {
    const char *v = std::getenv(name);
    return v ? v : "";
}
} // namespace

int main() {
    try {
        const boost::filesystem::path root = boost::filesystem::path(SIS_PLUGIN_ROOT) / "veracross";
        int connected_versions = 0;
        for (boost::filesystem::directory_iterator it(root), end; it != end; ++it) {
            const auto scan = sis_host::scan_manifests(it->path());
            if (scan.manifests.size() != 1) {
                std::cerr << "cxx_host: expected one manifest in " << it->path() << "\n";
                return 1;
            }
            const auto checked = sis_host::load_checked(scan.manifests.front());
            std::cout << "loaded " << checked.manifest.id << " " << checked.manifest.version << " from "
                      << checked.manifest.library_path << "\n";

            Poco::JSON::Object config;
            config.set("school_domain", "demo-school");
            config.set("client_id", env("SIS_TEST_CLIENT_ID"));
            config.set("client_secret", env("SIS_CLIENT_SECRET"));
            config.set("integration_type", "imports");
            config.set("accounts_base_url", env("SIS_SIM_URL"));
            config.set("api_base_url", env("SIS_SIM_URL"));
            config.set("tls_ca_file", env("SIS_TEST_CA"));
            std::ostringstream text;
            config.stringify(text);

            sis_host::CallResult error;
            auto instance = sis_host::Instance::create(checked.plugin, text.str(), nullptr, error);
            if (!instance) {
                std::cerr << "cxx_host: create failed: " << error.json << "\n";
                return 1;
            }
            const auto connected = instance->connect();
            std::cout << "connect: " << sis_status_name(connected.status) << "\n";
            if (!connected.ok() || connected.json.find("\"ok\":true") == std::string::npos) {
                std::cerr << "cxx_host: connect did not succeed: " << connected.json << "\n";
                return 1;
            }
            ++connected_versions;
        }
        if (connected_versions == 0) std::cerr << "cxx_host: no version folder in " << root << "\n";
        return connected_versions > 0 ? 0 : 1;
    } catch (const std::exception &e) {
        std::cerr << "cxx_host: " << e.what() << "\n";
        return 1;
    }
}

#include "sis_host_run.hpp"

#include "import_fixture.hpp"

#include <fstream>
#include <sstream>

namespace import_test {

SisHostRun::SisHostRun(const vcsim::School &school, const vcsim::Simulator &sim)
    : client_secret(school.apps.at(0).client_secret) {
    dir.createDirectories();
    std::ofstream(path("school.yaml"))
        << "school_domain: " << school.route << "\nclient_id: \"" << school.apps.at(0).client_id
        << "\"\nintegration_type: imports\naccounts_base_url: " << sim.https_base_url()
        << "\napi_base_url: " << sim.https_base_url() << "\ntls_ca_file: " << vcsim::test_ca_file() << "\n";
    event_file = path("event.yaml");
    std::ofstream(event_file) << "event_id: fall-2025\nname: Fall Parent-Teacher Conferences\ngrading_periods: [Semester 1]\n";
}

SisHostRun::SisHostRun(const ImportFixture &f) : SisHostRun(f.school, *f.sim) {}

test_support::ProcessResult SisHostRun::run(const std::vector<std::string> &extra) const {
    std::vector<std::string> args{"import", "--config", path("school.yaml"), "--event", event_file};
    args.insert(args.end(), extra.begin(), extra.end());
    return test_support::run_process(SIS_HOST_EXE, args, {{"SIS_CLIENT_SECRET", client_secret}});
}

std::string SisHostRun::path(const std::string &name) const { return dir.path() + "/" + name; }

std::string read_file(const std::string &path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace import_test

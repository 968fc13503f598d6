// sis-host import run as an admin runs it, against a simulated school: a
// temporary folder (removed with the object) holding the school's config
// (school.yaml) and an event (event.yaml), for the tests of sis-host.
#pragma once

#include "simulator.hpp"
#include "support/run_process.hpp"

#include <Poco/TemporaryFile.h>

#include <string>
#include <vector>

namespace import_test {

class ImportFixture;

struct SisHostRun {
    SisHostRun(const vcsim::School &school, const vcsim::Simulator &sim);
    explicit SisHostRun(const ImportFixture &f);

    // sis-host import --config school.yaml --event EVENT, then `extra`.
    test_support::ProcessResult run(const std::vector<std::string> &extra) const;
    // A file in the folder.
    std::string path(const std::string &name) const;

    std::string client_secret;
    Poco::TemporaryFile dir;
    std::string event_file; // the folder's event.yaml unless a test names another
};

// A whole file's text ("" when it cannot be read).
std::string read_file(const std::string &path);

} // namespace import_test

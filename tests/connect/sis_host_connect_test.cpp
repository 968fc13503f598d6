// `sis-host connect` and `sis-host scopes` as an admin or a script runs
// them: the simulator in this process, sis-host as a child process with the
// secret in its environment.
#include "sim_fixture.hpp"
#include "support/run_process.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

#include <fstream>

using namespace connect_test;
using test_support::run_process;

namespace {

struct ConfigFile {
    ConfigFile(const SimFixture &f, const std::string &integration_type) {
        std::ofstream(file.path()) << "school_domain: demo\n"
                                   << "client_id: \"" << f.client_id << "\"\n"
                                   << "integration_type: " << integration_type << "\n"
                                   << "accounts_base_url: " << f.sim->https_base_url() << "\n"
                                   << "api_base_url: " << f.sim->https_base_url() << "\n"
                                   << "tls_ca_file: " << vcsim::test_ca_file() << "\n"
                                   << "timeout_seconds: 5\n";
    }
    Poco::TemporaryFile file;
};

test_support::ProcessResult run_sis_host(const std::vector<std::string> &args) {
    auto r = run_process(SIS_HOST_EXE, args, {{"SIS_CLIENT_SECRET", kSecret}});
    CHECK(r.out.find(kSecret) == std::string::npos);
    CHECK(r.err.find(kSecret) == std::string::npos);
    return r;
}

Poco::JSON::Object::Ptr parse(const std::string &json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

TEST_CASE("sis-host connect: a checklist for people, JSON for machines, exit 0 when connected") {
    SimFixture f;
    ConfigFile config(f, "imports_and_sso");
    auto text = run_sis_host({"connect", "--config", config.file.path()});
    INFO(text.out << text.err);
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("✓ Veracross accepted the Client ID and Client Secret"));
    CHECK_THAT(text.out, Catch::Contains("✓ staff_faculty:list"));
    CHECK_THAT(text.out, Catch::Contains("https://www.pickatime.com/client"));
    CHECK_THAT(text.out, Catch::Contains("Connected"));
    CHECK_THAT(text.out, !Catch::Contains("  ✗ "));

    auto json = run_sis_host({"connect", "--config", config.file.path(), "--json"});
    CHECK(json.exit_code == 0);
    CHECK(parse(json.out)->getValue<bool>("ok"));
}

TEST_CASE("sis-host connect: missing scopes are ✗ lines with what to do, exit 13") {
    SimFixture f;
    auto scopes = import_scopes();
    scopes.erase("parents:list");
    scopes.erase("academics.classes:read");
    f.set_scopes(scopes);
    ConfigFile config(f, "imports");
    auto text = run_sis_host({"connect", "--config", config.file.path()});
    INFO(text.out << text.err);
    CHECK(text.exit_code == 13);
    CHECK_THAT(text.out, Catch::Contains("✗ parents:list") && Catch::Contains("✗ academics.classes:read"));
    CHECK_THAT(text.out, Catch::Contains("✗ The OAuth application in Veracross does not have these "
                                         "required scopes enabled: parents:list, academics.classes:read"));
    CHECK_THAT(text.out, Catch::Contains("Not connected"));
    CHECK_THAT(text.err, Catch::Contains("connect failed (missing_scopes)"));

    auto json = run_sis_host({"connect", "--config", config.file.path(), "--json"});
    CHECK(json.exit_code == 13);
    auto doc = parse(json.out);
    CHECK(doc->getValue<std::string>("status") == "missing_scopes");
    CHECK(doc->getArray("missing_scopes")->size() == 2);
}

TEST_CASE("sis-host connect: a wrong secret exits 12, an unreachable server 15, a bad certificate 16") {
    SimFixture f;
    ConfigFile config(f, "imports");
    auto wrong = run_process(SIS_HOST_EXE, {"connect", "--config", config.file.path()},
                             {{"SIS_CLIENT_SECRET", "not-the-secret"}});
    CHECK(wrong.exit_code == 12);
    CHECK_THAT(wrong.err, Catch::Contains("Reset Client Secret"));

    Poco::TemporaryFile unreachable;
    std::ofstream(unreachable.path()) << "school_domain: demo\nclient_id: x\nintegration_type: imports\n"
                                         "accounts_base_url: https://veracross-sim.invalid\n";
    CHECK(run_sis_host({"connect", "--config", unreachable.path()}).exit_code == 15);

    Poco::TemporaryFile untrusting; // no tls_ca_file: the simulator's CA is not trusted
    std::ofstream(untrusting.path()) << "school_domain: demo\nclient_id: x\nintegration_type: imports\n"
                                        "accounts_base_url: " << f.sim->https_base_url() << "\n";
    auto tls = run_sis_host({"connect", "--config", untrusting.path()});
    CHECK(tls.exit_code == 16);
    CHECK_THAT(tls.err, Catch::Contains("not trusted"));
}

TEST_CASE("sis-host scopes lists what each scope is for and --check marks what is enabled") {
    SimFixture f;
    f.set_scopes(guide_scopes());
    ConfigFile config(f, "imports");
    auto plain = run_sis_host({"scopes", "--config", config.file.path()});
    INFO(plain.out << plain.err);
    CHECK(plain.exit_code == 0);
    CHECK_THAT(plain.out, Catch::Contains("· relationships:list") &&
                              Catch::Contains("which parents belong to which student") &&
                              Catch::Contains("academics.permissions:list (optional)") &&
                              Catch::Contains("--check"));
    CHECK(f.sim->counters().requests == 0); // listing asks Veracross nothing

    auto checked = run_sis_host({"scopes", "--config", config.file.path(), "--check"});
    CHECK(checked.exit_code == 0);
    CHECK_THAT(checked.out, Catch::Contains("✓ relationships:list") &&
                                Catch::Contains("✗ academics.permissions:list (optional)"));

    auto sso = run_sis_host({"scopes", "--config", config.file.path(), "--type", "sso", "--json"});
    CHECK(sso.exit_code == 0);
    auto doc = parse(sso.out);
    CHECK(doc->getValue<std::string>("integration_type") == "sso");
    CHECK(doc->getArray("scopes")->getObject(0)->getValue<std::string>("scope") == "sso");

    auto bad = run_sis_host({"scopes", "--config", config.file.path(), "--type", "grades\"}"});
    CHECK(bad.exit_code == 11);
}

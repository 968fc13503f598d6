// sis-host end to end as a user runs it: subcommands, exit codes, JSON.
#include "support/run_process.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

#include <fstream>

using test_support::run_process;

namespace {

std::string write_temp(const std::string &text) {
    static std::vector<std::unique_ptr<Poco::TemporaryFile>> keep;
    keep.push_back(std::make_unique<Poco::TemporaryFile>());
    std::ofstream(keep.back()->path()) << text;
    return keep.back()->path();
}

} // namespace

TEST_CASE("sis-host plugins lists the Veracross plugin as loadable") {
    auto r = run_process(SIS_HOST_EXE, {"plugins"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("veracross") && Catch::Contains("ok"));

    auto j = run_process(SIS_HOST_EXE, {"plugins", "--json", "--dir", SIS_PLUGIN_DIR});
    REQUIRE(j.exit_code == 0);
    auto doc = Poco::JSON::Parser().parse(j.out).extract<Poco::JSON::Object::Ptr>();
    auto first = doc->getArray("plugins")->getObject(0);
    CHECK(first->getValue<std::string>("id") == "veracross");
    CHECK(first->getValue<bool>("loads"));
}

TEST_CASE("sis-host plugins reports a manifest whose library is missing") {
    auto r = run_process(SIS_HOST_EXE, {"plugins", "--dir", SIS_SOURCE_DIR "/manifests"});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.out, Catch::Contains("NOT LOADABLE") && Catch::Contains("missing"));
}

TEST_CASE("sis-host describe prints scopes and config fields") {
    auto r = run_process(SIS_HOST_EXE, {"describe", "veracross"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("relationships:list  - which parents belong to which student"));
    CHECK_THAT(r.out, Catch::Contains("client_secret (string, required, secret)"));
    CHECK_THAT(r.out, Catch::Contains("https://www.pickatime.com/client"));

    auto missing = run_process(SIS_HOST_EXE, {"describe", "blackbaud"});
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, Catch::Contains("no plugin 'blackbaud'"));
}

TEST_CASE("sis-host usage errors exit 2 and name the problem") {
    CHECK(run_process(SIS_HOST_EXE, {}).exit_code == 2);
    auto unknown = run_process(SIS_HOST_EXE, {"frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("unknown command 'frobnicate'"));
    auto help = run_process(SIS_HOST_EXE, {"--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("Exit codes"));
    for (const char *cmd : {"connect", "scopes", "import", "sso"}) {
        auto h = run_process(SIS_HOST_EXE, {cmd, "--help"});
        CHECK(h.exit_code == 0);
    }
}

TEST_CASE("sis-host never takes a secret on the command line") {
    auto r = run_process(SIS_HOST_EXE, {"connect", "--client-secret", "hunter2"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("never taken on the command line"));
    CHECK_THAT(r.err + r.out, !Catch::Contains("hunter2"));
}

TEST_CASE("sis-host config errors name file and field") {
    auto inline_secret = write_temp("school_domain: demo\nclient_id: a\nclient_secret: hunter2\nintegration_type: imports\n");
    auto r = run_process(SIS_HOST_EXE, {"connect", "--config", inline_secret});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("client_secret") && !Catch::Contains("hunter2"));

    auto no_secret = write_temp("school_domain: demo\nclient_id: a\nintegration_type: imports\n");
    r = run_process(SIS_HOST_EXE, {"connect", "--config", no_secret});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("'client_secret': is required"));

    auto bad_type = write_temp("school_domain: demo\nclient_id: a\nintegration_type: grades\n");
    r = run_process(SIS_HOST_EXE, {"connect", "--config", bad_type}, {{"SIS_CLIENT_SECRET", "x"}});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("'integration_type': 'grades' is not one of imports, sso, imports_and_sso"));

    auto bad_domain = write_temp("school_domain: https://evil.example.com/x\nclient_id: a\nintegration_type: sso\n");
    r = run_process(SIS_HOST_EXE, {"connect", "--config", bad_domain, "--json"}, {{"SIS_CLIENT_SECRET", "x"}});
    CHECK(r.exit_code == 11);
    auto error = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
    CHECK(error->getValue<std::string>("field") == "school_domain");
    CHECK(error->getValue<std::string>("status") == "invalid_config");

    r = run_process(SIS_HOST_EXE, {"connect", "--config", "/nonexistent.yaml"});
    CHECK(r.exit_code == 4);
}

TEST_CASE("sis-host reads the secret from a file and all-digit ids stay text") {
    auto secret = write_temp("from-a-file\n");
    auto cfg = write_temp("school_domain: demo\nclient_id: 0123\nintegration_type: imports\nclient_secret_file: " + secret + "\n");
    auto event = write_temp("event_id: e1\n"); // no name: the plugin refuses the event, not the config
    auto r = run_process(SIS_HOST_EXE, {"import", "--config", cfg, "--event", event, "--json"});
    CHECK(r.exit_code == 11);
    CHECK_THAT(r.out, Catch::Contains("name"));
    CHECK_THAT(r.out + r.err, !Catch::Contains("from-a-file"));
}

// `sis-host sso begin` and `sis-host sso complete` (run_sso_command) on an
// instance of the plugin loaded through the ABI, as sis-host runs them.
#include "base/cli.hpp"
#include "cli/commands.hpp"
#include "sso/sso_command.hpp"
#include "sso_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>
#include <Poco/URI.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace sso_test;

namespace {

struct Run {
    int exit_code = -1;
    std::string out, err;
};

class SisHostSso {
public:
    explicit SisHostSso(SsoFixture &f)
        : instance_(sis_host::Instance::create(
              sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml")).plugin,
              f.config_json(), nullptr, error_)) {
        INFO(error_.json);
        REQUIRE(instance_);
    }

    Run operator()(const std::vector<std::string> &words) {
        const auto args = sis_cli::parse_args(words, {"config", "redirect-url", "context", "callback-url", "roster"},
                                              {"json"});
        std::ostringstream out, err;
        Run r;
        r.exit_code = sis_cli::run_sso_command(args, *instance_, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

private:
    sis_host::CallResult error_;
    std::unique_ptr<sis_host::Instance> instance_;
};

std::string authorization_url_in(const std::string &text) {
    const auto start = text.find("https://");
    return text.substr(start, text.find('\n', start) - start);
}

std::string file_text(const std::string &path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("sis-host sso: begin writes the context to a private file, complete says who logged in") {
    SsoFixture f("openid");
    SisHostSso sis_host(f);
    Poco::TemporaryFile context, roster_file;
    std::ofstream(roster_file.path()) << [&] {
        std::ostringstream s;
        f.roster()->stringify(s);
        return s.str();
    }();

    const auto begun = sis_host({"sso", "begin", "--config", "school.yaml", "--redirect-url", kRedirect, "--context",
                                 context.path()});
    INFO(begun.out << begun.err);
    REQUIRE(begun.exit_code == sis_cli::kExitOk);
    const std::string sealed = file_text(context.path());
    CHECK(sealed.size() > 100);
    CHECK(begun.out.find(sealed) == std::string::npos);
    struct stat st {};
    REQUIRE(::stat(context.path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK_THAT(begun.out, Catch::Contains("sis-host sso complete --config school.yaml --context " + context.path()));

    const auto &parent = f.bookable_parent();
    const auto landing = open_authorization_url(authorization_url_in(begun.out), parent.sub);
    REQUIRE(landing.status == 302);
    const auto done = sis_host({"sso", "complete", "--config", "school.yaml", "--context", context.path(),
                                "--callback-url", landing.location, "--roster", roster_file.path()});
    INFO(done.out << done.err);
    CHECK(done.exit_code == sis_cli::kExitOk);
    CHECK_THAT(done.out, Catch::Contains("Logged in with Veracross: " + parent.preferred_username + " <" + parent.email +
                                         ">") &&
                             Catch::Contains("account demo:" + parent.sub) && Catch::Contains("checked by id_token") &&
                             Catch::Contains("In the roster: parent " + std::to_string(parent.person_id)) &&
                             Catch::Contains("may book"));
    CHECK(done.out.find(landing.query.at("code")) == std::string::npos);
    CHECK_FALSE(Poco::File(context.path()).exists()); // one login per context
}

TEST_CASE("sis-host sso --json: the result without the context, and failures exit 10 + status") {
    SsoFixture f("sso");
    SisHostSso sis_host(f);
    Poco::TemporaryFile context;
    const auto begun = sis_host({"sso", "begin", "--config", "school.yaml", "--redirect-url", kRedirect, "--context",
                                 context.path(), "--json"});
    REQUIRE(begun.exit_code == sis_cli::kExitOk);
    const auto doc = Poco::JSON::Parser().parse(begun.out).extract<Poco::JSON::Object::Ptr>();
    CHECK_FALSE(doc->has("login_context"));
    CHECK(doc->getValue<std::string>("login_context_file") == context.path());
    const std::string url = doc->getValue<std::string>("authorization_url");

    const auto landing = open_authorization_url(url, f.school.users.front().sub);
    const std::string forged = kRedirect + "?code=" + landing.query.at("code") + "&state=forged";
    const auto refused = sis_host({"sso", "complete", "--config", "school.yaml", "--context", context.path(),
                                   "--callback-url", forged, "--json"});
    CHECK(refused.exit_code == sis_cli::kExitStatusBase + SIS_AUTH_FAILED);
    CHECK_THAT(refused.out, Catch::Contains("\"state_mismatch\""));
    CHECK_THAT(refused.err, Catch::Contains("sso complete failed (auth_failed)"));
    CHECK(Poco::File(context.path()).exists()); // kept: the real callback may still come

    const auto done = sis_host({"sso", "complete", "--config", "school.yaml", "--context", context.path(),
                                "--callback-url", landing.location, "--json"});
    INFO(done.out << done.err);
    CHECK(done.exit_code == sis_cli::kExitOk);
    CHECK(Poco::JSON::Parser().parse(done.out).extract<Poco::JSON::Object::Ptr>()->getObject("identity"));

    // The context is gone after the login: another complete needs another begin.
    CHECK_THROWS_AS(sis_host({"sso", "complete", "--config", "school.yaml", "--context", context.path(),
                              "--callback-url", kRedirect + "?error=access_denied"}),
                    sis_cli::UsageError);
}

TEST_CASE("sis-host sso: usage errors") {
    SsoFixture f("sso");
    SisHostSso sis_host(f);
    CHECK_THROWS_AS(sis_host({"sso"}), sis_cli::UsageError);
    CHECK_THROWS_AS(sis_host({"sso", "start"}), sis_cli::UsageError);
    CHECK_THROWS_AS(sis_host({"sso", "begin", "--redirect-url", kRedirect}), sis_cli::UsageError); // no --context
    CHECK_THROWS_AS(sis_host({"sso", "complete", "--context", "/nonexistent/ctx", "--callback-url",
                              kRedirect + "?code=abc&state=x"}),
                    sis_cli::UsageError);
    Poco::TemporaryFile context;
    std::ofstream(context.path()) << "x";
    CHECK_THROWS_AS(sis_host({"sso", "complete", "--context", context.path(), "--callback-url", kRedirect}),
                    sis_cli::UsageError); // neither code nor error
    const auto redirect = sis_host({"sso", "begin", "--redirect-url", "https://evil.example/", "--context",
                                    context.path()});
    CHECK(redirect.exit_code == sis_cli::kExitStatusBase + SIS_INVALID_CONFIG);
    CHECK_THAT(redirect.err, Catch::Contains("redirect_url"));
}

TEST_CASE("sis-host sso complete: passes the callback's iss on (RFC 9207) and lists the candidates of a shared email") {
    SsoFixture f("openid");
    SisHostSso sis_host(f);
    const auto &parent = f.bookable_parent();
    // The roster with a second person on the parent's email (a family address).
    auto roster = Poco::JSON::Parser().parse([&] {
                                          std::ostringstream s;
                                          f.roster()->stringify(s);
                                          return s.str();
                                      }())
                      .extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Object::Ptr sibling = new Poco::JSON::Object;
    sibling->set("id", "999999");
    sibling->set("kind", "parent");
    sibling->set("display_name", "Other Parent");
    sibling->set("email", parent.email);
    sibling->set("username", "other.parent");
    roster->getArray("people")->add(sibling);
    Poco::TemporaryFile roster_file;
    std::ofstream(roster_file.path()) << [&] {
        std::ostringstream s;
        roster->stringify(s);
        return s.str();
    }();

    const auto login = [&](const std::string &iss) {
        // Removed by complete after a login, and here after a refused one.
        Poco::TemporaryFile context;
        const auto begun = sis_host({"sso", "begin", "--config", "school.yaml", "--redirect-url", kRedirect,
                                     "--context", context.path()});
        REQUIRE(begun.exit_code == sis_cli::kExitOk);
        const auto landing = open_authorization_url(authorization_url_in(begun.out), parent.sub);
        REQUIRE(landing.status == 302);
        return sis_host({"sso", "complete", "--config", "school.yaml", "--context", context.path(), "--callback-url",
                         landing.location + "&iss=" + iss, "--roster", roster_file.path()});
    };

    const auto wrong = login("https%3A%2F%2Faccounts.example.org%2Fdemo");
    INFO(wrong.out << wrong.err);
    CHECK(wrong.exit_code == 12); // auth_failed
    CHECK_THAT(wrong.out + wrong.err, Catch::Contains("issuer_mismatch") || Catch::Contains("another issuer"));

    const auto right = login(Poco::URI(f.sim->https_base_url() + "/demo").toString());
    INFO(right.out << right.err);
    CHECK(right.exit_code == sis_cli::kExitOk);
    CHECK_THAT(right.out, Catch::Contains("Several people in the roster have this login's email (2 candidates)") &&
                              Catch::Contains("1. In the roster: parent") &&
                              Catch::Contains("2. In the roster: parent 999999 \"Other Parent\" (matched by email)"));
}

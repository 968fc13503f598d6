// The admin page in a real browser: Debian's headless Chromium, driven over
// the DevTools protocol, walks the setup guide against `sis-host serve` and
// the simulator (HTTPS, in this process): the integration form and Connect
// (first with a scope missing), a test import, the import, the downloads,
// and Log in with Veracross through the simulator's login page and back.
// Screenshots go to SERVE_SCREENSHOT_DIR. Without /usr/bin/chromium the test
// is skipped (exit 77, CTest SKIP_RETURN_CODE).
//
// Two things stand in for the real world, both only inside this browser:
// - The simulator's certificate comes from the test CA, which Chromium does
//   not know: --ignore-certificate-errors-spki-list trusts that one key (the
//   simulator's), no other certificate error is ignored.
// - Veracross sends the browser back to pickAtime's registered redirect URL
//   (https://pickatime.com/client); the DevTools Fetch domain answers that
//   one address with a redirect to the same path and query on sis-host
//   serve, as pickAtime's own web server would receive it.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "cdp_client.hpp"
#include "chromium.hpp"
#include "sim_fixture.hpp"
#include "simulator.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/String.h>
#include <Poco/TemporaryFile.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace serve_test;
using Poco::JSON::Object;
using namespace std::chrono_literals;

namespace {

// `sis-host serve` as a child process; its URL is read from its first line.
class ServeProcess {
public:
    ServeProcess(const std::string &config_file, const std::string &bookings_file) {
        Poco::Process::Env env{{"SIS_CLIENT_SECRET", ""}}; // the secret comes through the page
        handle_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
            SIS_HOST_EXE,
            {"serve", "--port", "0", "--dir", SIS_PLUGIN_DIR, "--config", config_file, "--bookings", bookings_file,
             "--max-seconds", "600"},
            ".", nullptr, &out_, nullptr, env));
        Poco::PipeInputStream in(out_);
        std::getline(in, first_line_);
        const auto at = first_line_.find("http://127.0.0.1:");
        if (at == std::string::npos) throw std::runtime_error("sis-host serve printed no URL: " + first_line_);
        url_ = first_line_.substr(at);
    }
    ~ServeProcess() {
        if (handle_) {
            ::kill(handle_->id(), SIGTERM);
            handle_->wait();
        }
    }
    const std::string &url() const { return url_; } // ends with '/'
    // Stops it and returns its exit code.
    int stop() {
        ::kill(handle_->id(), SIGTERM);
        const int code = handle_->wait();
        handle_.reset();
        return code;
    }

private:
    Poco::Pipe out_;
    std::unique_ptr<Poco::ProcessHandle> handle_;
    std::string first_line_, url_;
};

std::string js_string(const std::string &text) {
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

std::string text_of(CdpClient &cdp, const std::string &id) {
    return cdp.eval("document.getElementById(" + js_string(id) + ").textContent").toString();
}

// Saves a PNG of the window, scrolled to the element `show` first.
void screenshot(CdpClient &cdp, const std::string &name, const std::string &show = "") {
    if (!show.empty()) cdp.eval("document.getElementById(" + js_string(show) + ").scrollIntoView()");
    Object::Ptr params = new Object;
    params->set("format", "png");
    const auto result = cdp.call("Page.captureScreenshot", params);
    std::istringstream encoded(result->getValue<std::string>("data"));
    Poco::Base64Decoder decoder(encoded);
    Poco::File(SERVE_SCREENSHOT_DIR).createDirectories();
    std::ofstream out(std::string(SERVE_SCREENSHOT_DIR) + "/" + name, std::ios::binary);
    out << decoder.rdbuf();
    std::cout << "screenshot: " << SERVE_SCREENSHOT_DIR << "/" << name << "\n";
}

void click(CdpClient &cdp, const std::string &id) {
    cdp.eval("document.getElementById(" + js_string(id) + ").click()");
}

// Where the browser is and what it shows, for failure messages.
std::string whereabouts(CdpClient &cdp) {
    try {
        return "at " + cdp.eval("location.href").toString() + ": " +
               cdp.eval("document.body ? document.body.innerText.slice(0, 400) : ''").toString();
    } catch (const std::exception &e) {
        return e.what();
    }
}

const std::string kJobDone = "document.getElementById('progress').dataset.running === 'no'";

// A Veracross account whose person may book in the roster, with an email no one else in it has.
vcsim::LoginUser bookable_parent(const vcsim::School &school, const Object &roster) {
    const auto people = roster.getArray("people");
    auto unique_email = [&](const std::string &email) {
        int n = 0;
        for (std::size_t i = 0; i < people->size(); ++i)
            n += Poco::icompare(people->getObject(static_cast<unsigned>(i))->optValue<std::string>("email", ""), email) == 0;
        return !email.empty() && n == 1;
    };
    const auto conference = roster.getArray("conference");
    for (std::size_t i = 0; i < conference->size(); ++i) {
        const auto parent = conference->getObject(static_cast<unsigned>(i))->getValue<std::string>("parent_id");
        for (const auto &user : school.users)
            if (std::to_string(user.person_id) == parent && unique_email(user.email)) return user;
    }
    throw std::runtime_error("no parent who may book has a Veracross account with an email of their own");
}

} // namespace

TEST_CASE("serve in a browser: connect, test import, import, downloads and Log in with Veracross", "[serve][browser]") {
    connect_test::SimFixture sim;
    const std::string sim_origin = sim.sim->https_base_url();
    Poco::TemporaryFile config_file;
    {
        std::ofstream yaml(config_file.path());
        yaml << "accounts_base_url: " << sim_origin << "\napi_base_url: " << sim_origin
             << "\ntls_ca_file: " << vcsim::test_ca_file() << "\ntimeout_seconds: 10\n";
    }
    // The host's bookings: one of a student the school does not list, at risk in every import.
    Poco::TemporaryFile bookings_file;
    std::ofstream(bookings_file.path()) << R"([{"parent_id":"1","teacher_id":"2","student_id":"99999999"}])";
    ServeProcess serve(config_file.path(), bookings_file.path());
    INFO("sis-host serve at " << serve.url());

    Chromium chromium(CHROMIUM_EXE, {"--ignore-certificate-errors-spki-list=" +
                                     spki_fingerprint(vcsim::test_cert_dir() + "/server.pem")});
    CdpClient cdp(chromium.page_websocket_url());
    const std::string redirect_url = "https://pickatime.com/client";
    int redirects_served = 0;
    cdp.on_event = [&](const Object &event) {
        if (event.getValue<std::string>("method") != "Fetch.requestPaused") return;
        const auto params = event.getObject("params");
        const std::string url = params->getObject("request")->getValue<std::string>("url");
        Object::Ptr answer = new Object;
        answer->set("requestId", params->getValue<std::string>("requestId"));
        const auto query = url.find('?');
        if (url.rfind(redirect_url, 0) != 0) {
            cdp.send("Fetch.continueRequest", answer);
            return;
        }
        Object::Ptr location = new Object;
        location->set("name", "Location");
        location->set("value", serve.url() + "client" + (query == std::string::npos ? "" : url.substr(query)));
        Poco::JSON::Array::Ptr headers = new Poco::JSON::Array;
        headers->add(location);
        answer->set("responseCode", 302);
        answer->set("responseHeaders", headers);
        answer->set("body", "");
        cdp.send("Fetch.fulfillRequest", answer);
        ++redirects_served;
    };
    cdp.call("Page.enable");
    Object::Ptr pattern = new Object;
    pattern->set("urlPattern", redirect_url + "*");
    Poco::JSON::Array::Ptr patterns = new Poco::JSON::Array;
    patterns->add(pattern);
    Object::Ptr fetch = new Object;
    fetch->set("patterns", patterns);
    cdp.call("Fetch.enable", fetch);

    Object::Ptr navigate = new Object;
    navigate->set("url", serve.url());
    cdp.call("Page.navigate", navigate);
    REQUIRE(cdp.wait_until("document.body && document.body.dataset.ready === 'yes'", 20s));
    CHECK_THAT(text_of(cdp, "plugin-version"), Catch::StartsWith("Veracross "));

    SECTION("the whole setup guide") {
        // Step 6 of the guide, with a scope left out of the OAuth application.
        auto scopes = connect_test::guide_scopes();
        scopes.erase("academics.enrollments:list");
        sim.set_scopes(scopes);
        cdp.eval("document.getElementById('school_domain').value = 'https://axiom.veracross.com/demo/';"
                 "document.getElementById('client_id').value = " + js_string(sim.client_id) + ";"
                 "document.getElementById('client_secret').value = " + js_string(connect_test::kSecret) + ";"
                 "document.getElementById('integration_type').value = 'imports_and_sso'");
        click(cdp, "connect");
        REQUIRE(cdp.wait_until("document.getElementById('connect-status').textContent !== '' && " + kJobDone, 30s));
        CHECK_THAT(text_of(cdp, "connect-status"), Catch::StartsWith("Not connected"));
        CHECK_THAT(text_of(cdp, "missing-scopes"), Catch::Contains("academics.enrollments:list"));
        CHECK_THAT(text_of(cdp, "redirect-urls"), Catch::Contains("https://pickatime.com/client"));
        CHECK(cdp.eval("document.getElementById('client_secret').value").toString().empty());
        screenshot(cdp, "01-connect-missing-scope.png", "connect-result");

        // The admin enables it in Veracross and clicks Connect again; the stored secret is kept.
        sim.set_scopes(connect_test::every_scope());
        click(cdp, "connect");
        REQUIRE(cdp.wait_until("document.getElementById('connect-status').textContent.startsWith('Connected') && " +
                                   kJobDone, 30s));
        CHECK(text_of(cdp, "missing-scopes").empty());
        REQUIRE(cdp.wait_until("document.querySelector('#grading-periods input[value=\"Semester 1\"]')", 30s));
        CHECK_FALSE(cdp.eval("document.documentElement.outerHTML.includes(" + js_string(connect_test::kSecret) + ")")
                        .convert<bool>());
        screenshot(cdp, "02-connected.png", "connect-result");

        // Step 8: the event, a test import, then the import.
        cdp.eval("document.getElementById('event_name').value = 'Fall Parent-Teacher Conferences';"
                 "document.querySelector('#grading-periods input[value=\"Semester 1\"]').checked = true;"
                 "document.getElementById('school_year').value = '2025-2026'");
        click(cdp, "test-import");
        REQUIRE(cdp.wait_until("document.getElementById('summary-title').textContent.startsWith('Test import') && " +
                                   kJobDone, 60s));
        CHECK_THAT(text_of(cdp, "summary-event"), Catch::Contains("Semester 1 (2025-2026, Upper School: "));
        CHECK(cdp.eval("fetch('/api/state').then(r => r.json()).then(s => s.event.school_year)").toString() ==
              "2025-2026");
        CHECK(std::stoi(cdp.eval("document.querySelector('[data-count=students]').textContent").toString()) > 0);
        CHECK_FALSE(cdp.eval("document.getElementById('diff-none').hidden").convert<bool>());
        screenshot(cdp, "03-test-import.png", "summary");

        click(cdp, "run-import");
        REQUIRE(cdp.wait_until("document.getElementById('summary-title').textContent === 'Imported' && " + kJobDone, 60s));
        // The safeguards as the page shows them: the booking at risk and each readiness line.
        CHECK(cdp.eval("document.querySelector('#bookings-at-risk li').dataset.reason").toString() == "student_not_in_roster");
        CHECK_THAT(text_of(cdp, "bookings-at-risk"), Catch::Contains("student 99999999"));
        CHECK(cdp.eval("[...document.querySelectorAll('#readiness li')].map(li => li.dataset.code).join(' ')").toString() ==
              "students_without_reachable_parent teachers_without_email shared_emails sso_match sso_collisions");
        CHECK(cdp.eval("fetch(document.getElementById('download-readiness').href).then(r => r.text())")
                  .toString()
                  .rfind("check,ids,kind,display_name,email,detail", 0) == 0);
        screenshot(cdp, "04-import.png", "summary");
        click(cdp, "test-import"); // a second look: now compared with the import
        REQUIRE(cdp.wait_until("document.getElementById('summary-title').textContent.startsWith('Test import') && " +
                                   kJobDone, 60s));
        CHECK(cdp.eval("document.getElementById('diff-none').hidden").convert<bool>());
        CHECK_THAT(cdp.eval("document.getElementById('diff').textContent").toString(), Catch::Contains("people"));
        screenshot(cdp, "05-test-import-diff.png", "summary");

        CHECK(cdp.eval("fetch('/download/roster.json').then(r => r.status)").convert<int>() == 200);
        CHECK(cdp.eval("fetch('/download/oneroster.zip').then(r => r.arrayBuffer())"
                       ".then(b => String.fromCharCode(...new Uint8Array(b).slice(0, 2)))").toString() == "PK");

        // A parent logs in with Veracross: to the simulator's login page and back.
        const auto roster = Poco::JSON::Parser()
                                .parse(cdp.eval("fetch('/download/roster.json').then(r => r.text())").toString())
                                .extract<Object::Ptr>();
        const auto parent = bookable_parent(sim.school, *roster);
        click(cdp, "sso-login");
        const bool at_login = cdp.wait_until("location.href.startsWith(" + js_string(sim_origin + "/demo/oauth/authorize") +
                                   ") && document.querySelector('input[name=username]')", 30s);
        INFO(whereabouts(cdp));
        REQUIRE(at_login);
        screenshot(cdp, "06-veracross-login.png");
        cdp.eval("document.querySelector('input[name=username]').value = " + js_string(parent.preferred_username) +
                 "; document.querySelector('form').submit()");
        const bool back = cdp.wait_until("location.href.startsWith(" + js_string(serve.url()) + ") && document.body && "
                                         "document.body.dataset.ready === 'yes' && "
                                         "!document.getElementById('sso-result').hidden", 30s);
        INFO(whereabouts(cdp));
        REQUIRE(back);
        INFO(text_of(cdp, "sso-error"));
        CHECK(text_of(cdp, "sso-name") == parent.preferred_username);
        CHECK_THAT(text_of(cdp, "sso-roles"), Catch::Contains("Parent"));
        CHECK_THAT(text_of(cdp, "sso-person"), Catch::Contains("may book"));
        CHECK(cdp.eval("document.querySelectorAll('#sso-teachers li').length").convert<int>() > 0);
        CHECK(redirects_served == 1);
        CHECK(cdp.eval("location.search").toString().empty()); // the code is not left in the address bar
        screenshot(cdp, "07-logged-in.png", "families");

        // One school level of three: far more than 10% of the people would go, so the import is held.
        const std::string shown = text_of(cdp, "summary-event") + text_of(cdp, "counts");
        cdp.eval("document.getElementById('school_levels').value = 'Upper School'");
        click(cdp, "run-import");
        REQUIRE(cdp.wait_until("!document.getElementById('held').hidden && " + kJobDone, 60s));
        CHECK_THAT(text_of(cdp, "held-text"), Catch::StartsWith("HELD:"));
        CHECK(text_of(cdp, "summary-event") + text_of(cdp, "counts") == shown); // nothing published: the summary stays
        CHECK(cdp.eval("fetch(document.getElementById('download-held-readiness').href).then(r => r.status)").convert<int>() ==
              200);
        screenshot(cdp, "08-held.png", "held");
        click(cdp, "accept-large-change");
        REQUIRE(cdp.wait_until("document.getElementById('held').hidden && " + kJobDone, 60s));
        CHECK(cdp.eval("fetch('/api/state').then(r => r.json()).then(s => s.summary.large_change.accepted)").convert<bool>());
        screenshot(cdp, "09-accepted.png", "summary");
    }
    CHECK(serve.stop() == 0);
}

int main(int argc, char **argv) {
    if (!Poco::File(CHROMIUM_EXE).exists()) {
        std::cout << "SKIP: " << CHROMIUM_EXE << " is missing, so the admin page's browser test cannot run. "
                  << "Install Debian's chromium package (scripts/install-deps.sh does).\n";
        return 77;
    }
    return Catch::Session().run(argc, argv);
}

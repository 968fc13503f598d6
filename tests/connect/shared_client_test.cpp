// The shared piece the importer and SSO build on, used directly: HTTP client
// (pooling, redirects, body bound, threads), token provider (one token for
// many threads, scope search bound) and Data API helper (retries, rate-limit
// headers), and tokens never leaking into results or logs.
#include "fetch/data_api.hpp"
#include "http/http_client.hpp"
#include "http/rate_limit.hpp"
#include "operations/school_connection.hpp"
#include "auth/scope_needs.hpp"
#include "auth/scope_search.hpp"
#include "sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cmath>
#include <mutex>
#include <random>
#include <thread>

using namespace connect_test;
using namespace veracross;

namespace {

// A plain HTTP server for what the simulator does not do: /redirect
// answers 302 to another host, /big sends 1 MiB, /port echoes the client's
// port (the same port twice means the connection was reused).
class TinyServer {
public:
    TinyServer()
        : server_(new Factory, Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0)),
                  new Poco::Net::HTTPServerParams) {
        server_.start();
    }
    ~TinyServer() { server_.stopAll(true); }
    std::string url(const std::string &path) const {
        return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
    }

private:
    struct Handler : Poco::Net::HTTPRequestHandler {
        void handleRequest(Poco::Net::HTTPServerRequest &req, Poco::Net::HTTPServerResponse &res) override {
            std::string body;
            if (req.getURI() == "/redirect") {
                res.setStatus(Poco::Net::HTTPResponse::HTTP_FOUND);
                res.set("Location", "http://elsewhere.invalid/steal");
            } else if (req.getURI() == "/big") {
                body.assign(1 << 20, 'x');
            } else {
                body = std::to_string(req.clientAddress().port());
            }
            res.setContentLength(static_cast<std::streamsize>(body.size()));
            res.send() << body;
        }
    };
    struct Factory : Poco::Net::HTTPRequestHandlerFactory {
        Poco::Net::HTTPRequestHandler *createRequestHandler(const Poco::Net::HTTPServerRequest &) override {
            return new Handler;
        }
    };
    Poco::Net::HTTPServer server_;
};

// Host services whose log lines are kept.
struct CapturedHost {
    std::string all() {
        std::lock_guard<std::mutex> lock(mutex);
        std::string s;
        for (const auto &l : lines) s += l + "\n";
        return s;
    }
    HostServices services() {
        return HostServices(
            [this](LogLevel, const std::string &message) {
                std::lock_guard<std::mutex> lock(mutex);
                lines.push_back(message);
            },
            nullptr, nullptr);
    }
    std::mutex mutex;
    std::vector<std::string> lines;
};

} // namespace

TEST_CASE("a tls_ca_file that holds no certificate is invalid_config at create") {
    HttpSettings settings;
    settings.tls_ca_file = SIS_SOURCE_DIR "/README.md";
    try {
        HttpClient http(settings);
        FAIL("README.md was accepted as a CA bundle");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::invalid_config);
        CHECK(e.details()->getValue<std::string>("field") == "tls_ca_file");
    }
}

TEST_CASE("HttpClient never follows a redirect") {
    TinyServer server;
    HttpClient http(HttpSettings{});
    HttpRequest r;
    r.url = server.url("/redirect");
    r.headers = {{"Authorization", "Bearer not-for-elsewhere"}};
    const HttpResponse response = http.send(r);
    CHECK(response.status == 302); // returned as it is; the caller makes it an error
    CHECK(response.header("Location") == "http://elsewhere.invalid/steal");
}

TEST_CASE("HttpClient refuses bodies beyond its bound") {
    TinyServer server;
    HttpSettings settings;
    settings.max_body_bytes = 64 * 1024;
    HttpClient http(settings);
    HttpRequest r;
    r.url = server.url("/big");
    try {
        http.send(r);
        FAIL("a 1 MiB body passed a 64 KiB bound");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::remote_error);
        CHECK(e.code() == "response_too_large");
    }
    r.url = server.url("/port"); // the client still works afterwards
    CHECK(http.send(r).status == 200);
}

TEST_CASE("HttpClient reuses kept-alive connections and serves many threads at once") {
    TinyServer server;
    HttpClient http(HttpSettings{});
    HttpRequest r;
    r.url = server.url("/port");
    const std::string first = http.send(r).body;
    CHECK(http.send(r).body == first); // same client port: same connection

    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 20; ++i) ok += http.send(r).status == 200 ? 1 : 0;
        });
    for (auto &t : threads) t.join();
    CHECK(ok == 160);
}

TEST_CASE("many threads share one token and the Data API, and a transient 503 is retried") {
    SimFixture f;
    CapturedHost host;
    SchoolConnection conn(parse_config(f.config("imports")), host.services());

    const auto first_page = [&](const std::string &path, std::size_t size) {
        return std::min(size, f.school.resources.at(path).records.size());
    };
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            DataRequest r;
            r.path = t % 2 ? "students" : "parents";
            r.page_size = 5;
            for (int i = 0; i < 5; ++i)
                ok += conn.data_api().get(r).records()->size() == first_page(r.path, 5) ? 1 : 0;
        });
    for (auto &t : threads) t.join();
    CHECK(ok == 40);
    CHECK(f.sim->counters().token_requests == 1);

    vcsim::Fault once;
    once.kind = vcsim::FaultKind::status;
    once.status = 503;
    once.path = "v3/students";
    once.count = 1;
    f.sim->add_fault(once);
    DataRequest r;
    r.path = "students";
    RetryPolicy retry;
    retry.max_attempts = 3;
    retry.first_backoff = std::chrono::milliseconds(10);
    CHECK(conn.data_api().get(r, retry).records()->size() == first_page("students", 100));
    CHECK(f.sim->counters().faults_fired == 1);

    f.sim->add_fault(once);
    try {
        conn.data_api().get(r); // the default policy does not retry
        FAIL("a 503 passed without a retry policy");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::remote_error);
        CHECK(e.code() == "server_error");
    }
}

TEST_CASE("the access token appears in no result, error or log line") {
    SimFixture f;
    CapturedHost host;
    SchoolConnection conn(parse_config(f.config("imports_and_sso")), host.services());
    const std::string result = conn.connect();
    const auto token = conn.tokens().cached();
    REQUIRE(token);
    CHECK(result.find(token->value) == std::string::npos);

    vcsim::Fault fault;
    fault.kind = vcsim::FaultKind::status;
    fault.status = 500;
    fault.path = "v3/parents";
    f.sim->add_fault(fault);
    try {
        conn.connect();
        FAIL("connect passed a 500");
    } catch (const PluginError &e) {
        CHECK(std::string(e.what()).find(token->value) == std::string::npos);
        std::ostringstream details;
        e.details()->stringify(details);
        CHECK(details.str().find(token->value) == std::string::npos);
        CHECK(details.str().find(kSecret) == std::string::npos);
    }
    const std::string logs = host.all();
    CHECK_FALSE(logs.empty());
    CHECK(logs.find(token->value) == std::string::npos);
    CHECK(logs.find(kSecret) == std::string::npos);
}

TEST_CASE("X-Rate-Limit-Reset is read as epoch seconds, or as seconds to go when small") {
    const auto now = std::chrono::system_clock::from_time_t(1'800'000'000);
    Poco::Net::NameValueCollection h;
    h.set("X-Rate-Limit-Limit", "300");
    h.set("X-Rate-Limit-Remaining", "299");
    h.set("X-Rate-Limit-Reset", "1800000180");
    RateLimit r = parse_rate_limit(h, now);
    CHECK(*r.limit == 300);
    CHECK(*r.remaining == 299);
    CHECK(*r.reset_at == now + std::chrono::seconds(180));
    h.set("X-Rate-Limit-Reset", "42");
    CHECK(*parse_rate_limit(h, now).reset_at == now + std::chrono::seconds(42));
    h.set("X-Rate-Limit-Reset", "soon");
    CHECK_FALSE(parse_rate_limit(h, now).reset_at);
    CHECK(utc_text(now) == "2027-01-15T08:00:00Z");
}

TEST_CASE("the scope search finds exactly the refused scopes within 2*d*log2(n) probes") {
    std::mt19937 random(42);
    for (std::size_t n : {1u, 2u, 3u, 7u, 16u, 17u}) {
        Scopes scopes;
        for (std::size_t i = 0; i < n; ++i) scopes.push_back("scope" + std::to_string(i));
        for (std::size_t d = 1; d <= n; ++d) {
            Scopes shuffled = scopes, refused;
            std::shuffle(shuffled.begin(), shuffled.end(), random);
            refused.assign(shuffled.begin(), shuffled.begin() + static_cast<long>(d));
            int probes = 0;
            const Scopes found = find_refused_scopes(scopes, [&](const Scopes &subset) {
                ++probes;
                for (const auto &s : subset)
                    if (has_scope(refused, s)) return false;
                return true;
            });
            INFO("n=" << n << " d=" << d);
            Scopes expected;
            for (const auto &s : scopes)
                if (has_scope(refused, s)) expected.push_back(s);
            CHECK(found == expected);
            CHECK(probes <= static_cast<int>(2 * d * std::ceil(std::log2(std::max<std::size_t>(n, 2)))));
        }
    }
}

TEST_CASE("the openid choice replaces sso in the scopes asked for") {
    Config c;
    c.sso_scope = "openid";
    const auto needs = needed_scopes(c, "sso");
    REQUIRE(needs.size() == 1);
    CHECK(needs[0].scope == "openid");
    CHECK_FALSE(needs[0].purpose.empty());
    CHECK_THROWS_AS(needed_scopes(c, "grades"), PluginError);
}

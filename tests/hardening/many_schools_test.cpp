// Many schools at once, as pickAtime's server runs them: one process, one
// loaded plugin, 50 schools (each its own route, credentials and data) on one
// simulator, imported by 50 threads at once. Each roster must equal that
// school's import run alone: no token, rate-limit state or data crosses from
// one school to another; and the process's peak memory stays bounded.
#include "import_fixture.hpp"
#include "process_memory.hpp"
#include "simulator.hpp"
#include "sis_host/checked_plugin.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>

namespace {

constexpr int kSchools = 50;
constexpr int kStudents = 100; // the generator's smallest is 50; CI has 2 cores

std::string route_of(int i) { return "school-" + std::to_string(100 + i); }

std::string config_json(const vcsim::School &school, const vcsim::Simulator &sim) {
    Poco::JSON::Object c;
    c.set("school_domain", school.route);
    c.set("client_id", school.apps.at(0).client_id);
    c.set("client_secret", school.apps.at(0).client_secret);
    c.set("integration_type", "imports");
    c.set("accounts_base_url", sim.https_base_url());
    c.set("api_base_url", sim.https_base_url());
    c.set("tls_ca_file", vcsim::test_ca_file());
    c.set("timeout_seconds", 30);
    std::ostringstream out;
    c.stringify(out);
    return out.str();
}

std::string event_json() {
    std::ostringstream out;
    import_test::event_for("Semester 1").stringify(out);
    return out.str();
}

// What must not differ between a school's import alone and among the 50.
struct Roster {
    sis_status status = SIS_INTERNAL;
    std::string error;
    std::string route;
    std::string counts; // the counts object, as JSON
    std::set<import_test::BookingKey> bookings;
};

// Runs on the schools' own threads: no Catch2 assertion in here (Catch2 is
// not thread-safe), only the plugin's answer.
sis_host::CallResult import_school(const sis_host::CheckedPlugin &plugin, const vcsim::School &school,
                                   const vcsim::Simulator &sim) {
    sis_host::CallResult result;
    auto instance = sis_host::Instance::create(plugin.plugin, config_json(school, sim), nullptr, result);
    if (instance) result = instance->import_event(event_json());
    return result;
}

// On the test's thread: what the comparisons need from an answer.
Roster roster_of(const sis_host::CallResult &result) {
    Roster r;
    r.status = result.status;
    if (result.status != SIS_OK) {
        r.error = result.json.substr(0, 400);
        return r;
    }
    const auto doc = Poco::JSON::Parser().parse(result.json).extract<Poco::JSON::Object::Ptr>();
    r.route = doc->getValue<std::string>("school_route");
    std::ostringstream counts;
    doc->getObject("counts")->stringify(counts);
    r.counts = counts.str();
    r.bookings = import_test::bookings_of(*doc);
    return r;
}

} // namespace

TEST_CASE("many schools: 50 imports at once through one loaded plugin each equal the school's import alone") {
    std::vector<vcsim::School> schools;
    for (int i = 0; i < kSchools; ++i)
        schools.push_back(vcsim::generate_school({route_of(i), static_cast<std::uint64_t>(1000 + i), kStudents}));
    vcsim::Options options;
    options.max_threads = 8 * kSchools; // kept-alive connections each hold a server thread
    vcsim::Simulator sim(options, schools);
    sim.start();
    const auto plugin = sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml"));

    // Each school alone, one after the other.
    std::vector<Roster> alone;
    for (const auto &school : schools) {
        alone.push_back(roster_of(import_school(plugin, school, sim)));
        INFO(school.route << ": " << alone.back().error);
        REQUIRE(alone.back().status == SIS_OK);
    }
    sim.reset_counters();

    // All at once, one thread per school, released together.
    const long rss_before = hardening::peak_rss_kib();
    std::vector<sis_host::CallResult> answers(kSchools);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kSchools; ++i)
        threads.emplace_back([&, i] {
            ++ready;
            while (ready < kSchools) std::this_thread::yield();
            answers[i] = import_school(plugin, schools[i], sim);
        });
    for (auto &t : threads) t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const long grown_mib = (hardening::peak_rss_kib() - rss_before) / 1024;
    WARN(kSchools << " schools of " << kStudents << " students imported at once in " << seconds
                  << " s; peak RSS " << hardening::peak_rss_kib() / 1024 << " MiB (grew by " << grown_mib
                  << " MiB during the concurrent imports)");

    std::vector<Roster> together;
    for (const auto &answer : answers) together.push_back(roster_of(answer));
    for (int i = 0; i < kSchools; ++i) {
        INFO(schools[i].route << ": " << together[i].error);
        REQUIRE(together[i].status == SIS_OK);
        CHECK(together[i].route == schools[i].route);
        CHECK(together[i].counts == alone[i].counts);
        CHECK(together[i].bookings == alone[i].bookings);
        CHECK_FALSE(together[i].bookings.empty());
        if (i > 0) CHECK(together[i].bookings != together[i - 1].bookings); // the schools do differ
    }
    const auto counters = sim.counters();
    CHECK(counters.token_requests == static_cast<std::uint64_t>(kSchools)); // one token per school, none shared
    CHECK(counters.too_many_requests == 0);
    CHECK(counters.faults_fired == 0);
    // 50 imports at once hold 50 rosters of 200 students: far below this.
    if (hardening::kMemoryBoundsMeasurable) CHECK(grown_mib < 1024);
}

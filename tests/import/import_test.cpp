// import_event end to end: the plugin, through its C ABI, against the
// simulator over HTTPS; the conference view must equal the generator's
// ground truth exactly, whatever faults the simulator throws in.
#include "import_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <memory>
#include <thread>
#include <vector>

using namespace import_test;

namespace {

vcsim::EventQuery query_for(const ImportFixture &f, const std::string &period) { return f.truth_query(period); }

void check_matches_truth(ImportFixture &f, const Poco::JSON::Object &event, const vcsim::EventQuery &q) {
    auto run = f.import(event);
    INFO(run.json.substr(0, 500));
    REQUIRE(run.status == SIS_OK);
    const auto got = bookings_of(*run.doc);
    const auto want = bookings_of(vcsim::conference_truth(f.school, q));
    CHECK(!want.empty());
    CHECK(got.size() == want.size());
    CHECK(got == want);
    // Split households: each booking's group as the generator's households say.
    const auto groups = booking_groups_of(vcsim::booking_groups_truth(f.school, q));
    CHECK(booking_groups_of(*run.doc) == groups);
    const auto split = std::count_if(groups.begin(), groups.end(), [](const GroupKey &g) { return !std::get<2>(g).empty(); });
    if (q.split_households)
        CHECK(split >= 2);
    else
        CHECK(split == 0);
}

} // namespace

TEST_CASE("imports match the ground truth for several seeds and sizes") {
    for (auto spec : {vcsim::SchoolSpec{"demo", 1, 50}, vcsim::SchoolSpec{"demo", 7, 500},
                      vcsim::SchoolSpec{"demo", 3, 2000}}) {
        INFO("seed " << spec.seed << ", " << spec.students << " students");
        ImportFixture f(spec);
        check_matches_truth(f, event_for("Semester 1"), query_for(f, "Semester 1"));
        const auto counters = f.sim->counters();
        CHECK(counters.too_many_requests == 0);
        CHECK(counters.token_requests == 1);
    }
}

TEST_CASE("event options change who may book exactly as the ground truth says") {
    ImportFixture f({"demo", 11, 500});
    struct Variant {
        const char *name;
        bool portal, custodial, advisors, split;
    } variants[] = {{"without portal access", true, true, false, true},
                    {"custodial only", false, false, false, true},
                    {"advisors", false, true, true, true},
                    {"households not split", false, true, false, false}};
    for (const auto &v : variants) {
        INFO(v.name);
        auto event = event_for("Quarter 2");
        Poco::JSON::Object options;
        options.set("include_without_portal_access", v.portal);
        options.set("include_non_custodial", v.custodial);
        options.set("include_advisors", v.advisors);
        options.set("split_households", v.split);
        event.set("options", options);
        auto q = query_for(f, "Quarter 2");
        q.include_without_portal_access = v.portal;
        q.include_non_custodial = v.custodial;
        q.include_advisors = v.advisors;
        q.split_households = v.split;
        check_matches_truth(f, event, q);
    }
}

TEST_CASE("a test import is the same roster, marked preview") {
    ImportFixture f({"demo", 2, 200});
    auto real = f.import(event_for("Semester 1"));
    auto preview = f.import(event_for("Semester 1", true));
    REQUIRE(real.status == SIS_OK);
    REQUIRE(preview.status == SIS_OK);
    CHECK_FALSE(real.doc->getValue<bool>("preview"));
    CHECK(preview.doc->getValue<bool>("preview"));
    CHECK(bookings_of(*real.doc) == bookings_of(*preview.doc));
}

TEST_CASE("transient faults end in the same correct roster") {
    const vcsim::SchoolSpec school{"demo", 5, 500};
    struct Case {
        const char *name;
        vcsim::Fault fault;
    };
    auto fault = [](vcsim::FaultKind kind, const std::string &path, int count, int status = 500) {
        vcsim::Fault x;
        x.kind = kind;
        x.path = path;
        x.count = count;
        x.status = status;
        return x;
    };
    vcsim::Fault expire;
    expire.kind = vcsim::FaultKind::expire_tokens;
    expire.after = 4;
    expire.count = 1;
    // The staff page in pieces with pauses between them, still one read of
    // many; 16-byte pieces (the simulator's default) took most of a minute.
    vcsim::Fault trickle = fault(vcsim::FaultKind::trickle, "v3/staff_faculty", 1);
    trickle.chunk_bytes = 1024;
    const Case cases[] = {
        {"429", fault(vcsim::FaultKind::status, "v3/students", 2, 429)},
        {"500", fault(vcsim::FaultKind::status, "v3/academics/enrollments", 2, 500)},
        {"503", fault(vcsim::FaultKind::status, "v3", 3, 503)},
        {"dropped connections", fault(vcsim::FaultKind::drop, "v3/parents", 2)},
        {"truncated bodies", fault(vcsim::FaultKind::truncate, "v3/relationships", 2)},
        {"invalid JSON", fault(vcsim::FaultKind::invalid_json, "v3/academics/classes", 1)},
        {"token expiry mid-import", expire},
        {"slow trickle", trickle},
        // A 401 whose wording says neither expired nor revoked: one new token anyway.
        {"401 in other words", fault(vcsim::FaultKind::status, "v3/students", 1, 401)},
    };
    // Each case on a simulator of its own, all at once: the retries' backoff
    // and the trickle's pauses overlap instead of adding up (35 s one case
    // after another on a loaded 2-core machine).
    constexpr std::size_t n = std::size(cases);
    std::vector<std::unique_ptr<ImportFixture>> fixtures;
    for (const auto &c : cases) {
        fixtures.push_back(std::make_unique<ImportFixture>(school));
        fixtures.back()->sim->add_fault(c.fault);
    }
    std::vector<ImportRun> runs(n);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < n; ++i)
        threads.emplace_back([&, i] { runs[i] = fixtures[i]->import(event_for("Semester 1")); });
    for (auto &t : threads) t.join();
    const auto want = bookings_of(vcsim::conference_truth(fixtures[0]->school, query_for(*fixtures[0], "Semester 1")));
    for (std::size_t i = 0; i < n; ++i) {
        INFO(cases[i].name << ": " << runs[i].json.substr(0, 400));
        CHECK(fixtures[i]->sim->counters().faults_fired > 0);
        REQUIRE(runs[i].status == SIS_OK);
        CHECK(bookings_of(*runs[i].doc) == want);
    }
}

TEST_CASE("a fault that does not pass is a clear error, never a partial roster") {
    ImportFixture f({"demo", 5, 100});
    vcsim::Fault broken;
    broken.kind = vcsim::FaultKind::status;
    broken.status = 500;
    broken.path = "v3/academics/enrollments";
    f.sim->add_fault(broken);
    auto run = f.import(event_for("Semester 1"));
    CHECK(run.status == SIS_REMOTE_ERROR);
    CHECK_FALSE(run.doc->has("people"));
    CHECK_THAT(run.doc->getValue<std::string>("message"), Catch::Contains("enrollments"));
}

TEST_CASE("a token Veracross keeps refusing is renewed once, then a clear token_refused error") {
    ImportFixture f({"demo", 5, 100});
    vcsim::Fault refused;
    refused.kind = vcsim::FaultKind::status;
    refused.status = 401;
    refused.path = "v3/parents";
    f.sim->add_fault(refused);
    auto run = f.import(event_for("Semester 1"));
    CHECK(run.status == SIS_AUTH_FAILED);
    CHECK(run.doc->getValue<std::string>("code") == "token_refused");
    CHECK_FALSE(run.doc->has("people"));
    CHECK(f.sim->counters().token_requests == 2); // the first token and one renewal
}

TEST_CASE("the rate limit is respected: the import waits for the window instead of provoking 429s") {
    vcsim::Options options;
    options.rate_limit.limit = 4;
    options.rate_limit.window = std::chrono::milliseconds(1500);
    ImportFixture f({"demo", 4, 1500}, options); // 8+ requests: at least two windows
    // The window's limit as an earlier import's cursor tells it (below Veracross's documented 300).
    Poco::JSON::Object::Ptr earlier = new Poco::JSON::Object;
    Poco::JSON::Object::Ptr cursor = new Poco::JSON::Object;
    cursor->set("rate_limit", 4);
    earlier->set("cursor", cursor);
    auto event = event_for("Semester 1");
    event.set("previous", earlier);
    auto run = f.import(event);
    INFO(run.json.substr(0, 400));
    REQUIRE(run.status == SIS_OK);
    CHECK(f.sim->counters().too_many_requests == 0);
    CHECK(run.doc->getObject("stats")->getValue<double>("rate_limit_wait_seconds") > 0);
    CHECK(run.doc->getObject("stats")->getValue<int>("max_requests_in_flight") <= 4);
    CHECK(f.sim->counters().most_data_requests_at_once <= 4); // as the server saw it
}

TEST_CASE("the host's cancellation stops the import with status cancelled") {
    vcsim::Options options;
    options.latency = std::chrono::milliseconds(300);
    ImportFixture f({"demo", 4, 2000}, options);
    auto run = f.import(event_for("Semester 1"), 1);
    CHECK(run.status == SIS_CANCELLED);
    CHECK_FALSE(run.doc->has("people"));
    // No page starts after the cancel: only the requests already on their
    // way (one a slot at most, 8 slots) reach Veracross, of the many the
    // school's pages need. Counted, not timed: a loaded machine is slow,
    // not wrong.
    INFO(run.data_requests_at_cancel << " requests at the cancel, " << run.data_requests_at_end << " at the end");
    CHECK(run.data_requests_at_end - run.data_requests_at_cancel <= 8);
}

TEST_CASE("a wrong event is refused before anything is sent to Veracross") {
    ImportFixture f({"demo", 1, 50});
    auto event = event_for("Semester 1");
    event.set("grading_period_on", "2026-01-15"); // and grading_periods: one of the two only
    auto run = f.import(event);
    CHECK(run.status == SIS_INVALID_CONFIG);
    CHECK(run.doc->getValue<std::string>("field") == "grading_periods");
    CHECK(f.sim->counters().token_requests == 0);
    CHECK(f.sim->counters().data_requests == 0);
}

TEST_CASE("an unknown grading period is a clear error naming what exists") {
    ImportFixture f({"demo", 1, 50});
    auto run = f.import(event_for("Trimester 7"));
    CHECK(run.status == SIS_INVALID_CONFIG);
    CHECK_THAT(run.doc->getValue<std::string>("message"), Catch::Contains("Semester 1"));
    CHECK(run.doc->getValue<std::string>("field") == "grading_periods");
}

TEST_CASE("a generated school's awkward cases come back as the warnings an admin needs") {
    ImportFixture f({"demo", 8, 500});
    auto run = f.import(event_for("Semester 1"));
    REQUIRE(run.status == SIS_OK);
    std::set<std::string> codes;
    auto warnings = run.doc->getArray("warnings");
    for (std::size_t i = 0; i < warnings->size(); ++i)
        codes.insert(warnings->getObject(static_cast<unsigned>(i))->getValue<std::string>("code"));
    // The generator puts each of these in every school (docs/conference-rules.md).
    for (const char *expected : {"parent_without_email", "shared_email", "class_without_teacher"}) {
        INFO(expected);
        CHECK(codes.count(expected));
    }
    CHECK_FALSE(codes.count("unreadable_record"));
    // Non-ASCII names arrive intact.
    CHECK_THAT(run.json, Catch::Contains("\\u") || Catch::Contains("ë") || Catch::Contains("李"));
}

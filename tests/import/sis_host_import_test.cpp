// sis-host import as an admin runs it: summary, JSON, output written only
// on success and atomically, the diff against the previous result, and the
// OneRoster export.
#include "import_fixture.hpp"
#include "sis_host_run.hpp"

#include <catch2/catch.hpp>

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>

#include <fstream>

using namespace import_test;

TEST_CASE("sis-host import prints a summary and writes the roster") {
    ImportFixture f({"demo", 9, 300});
    SisHostRun host(f);
    auto r = host.run({"--out", host.path("roster.json")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Imported \"Fall Parent-Teacher Conferences\" from veracross (demo)"));
    CHECK_THAT(r.out, Catch::Contains("students ") && Catch::Contains("warnings ("));
    CHECK_THAT(r.err, Catch::Contains("progress: fetch")); // plain lines: stderr is not a terminal
    auto doc = Poco::JSON::Parser().parse(read_file(host.path("roster.json"))).extract<Poco::JSON::Object::Ptr>();
    CHECK(doc->getObject("counts")->getValue<int>("students") > 0);
    CHECK_THAT(r.out + r.err + read_file(host.path("roster.json")), !Catch::Contains(f.school.apps[0].client_secret));
}

TEST_CASE("a failed sis-host import leaves the previous output untouched") {
    ImportFixture f({"demo", 9, 100});
    SisHostRun host(f);
    std::ofstream(host.path("roster.json")) << "previous";
    vcsim::Fault broken;
    broken.kind = vcsim::FaultKind::status;
    broken.status = 500;
    broken.path = "v3/students";
    f.sim->add_fault(broken);
    auto r = host.run({"--out", host.path("roster.json")});
    CHECK(r.exit_code == 18);
    CHECK_THAT(r.err, Catch::Contains("unchanged"));
    CHECK(read_file(host.path("roster.json")) == "previous");
}

TEST_CASE("sis-host import --previous reports what changed, --dry-run marks a preview") {
    ImportFixture f({"demo", 9, 200});
    SisHostRun host(f);
    REQUIRE(host.run({"--out", host.path("first.json")}).exit_code == 0);
    // A parent of the event changes email in Veracross.
    auto first = Poco::JSON::Parser().parse(read_file(host.path("first.json"))).extract<Poco::JSON::Object::Ptr>();
    std::string changed_parent;
    auto people_before = first->getArray("people");
    for (std::size_t i = 0; i < people_before->size() && changed_parent.empty(); ++i) {
        auto p = people_before->getObject(static_cast<unsigned>(i));
        if (p->getValue<std::string>("kind") == "parent") changed_parent = p->getValue<std::string>("id");
    }
    REQUIRE_FALSE(changed_parent.empty());
    f.sim->mutate_school("demo", [&](vcsim::School &s) {
        for (auto &record : s.resources.at("parents").records)
            if (std::to_string(record->getValue<std::int64_t>("id")) == changed_parent)
                record->set("email_1", "new.address@example.org");
    });
    auto r = host.run({"--previous", host.path("first.json"), "--dry-run", "--json"});
    REQUIRE(r.exit_code == 0);
    auto doc = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
    CHECK(doc->getValue<bool>("preview"));
    auto people = doc->getObject("diff")->getObject("people");
    auto changed = people->getArray("changed");
    INFO(r.out.substr(r.out.find("\"diff\""), 600));
    REQUIRE(changed->size() == 1);
    CHECK(changed->getObject(0)->getValue<std::string>("id") == changed_parent);
    CHECK(changed->getObject(0)->getArray("fields")->getElement<std::string>(0) == "email");
    CHECK(people->getArray("added")->size() == 0);
    CHECK(people->getArray("removed")->size() == 0);
}

TEST_CASE("sis-host import --format oneroster-csv writes the OneRoster files") {
    ImportFixture f({"demo", 9, 100});
    SisHostRun host(f);
    auto r = host.run({"--format", "oneroster-csv", "--out", host.path("oneroster")});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char *file : {"manifest.csv", "users.csv", "orgs.csv", "classes.csv", "courses.csv",
                             "academicSessions.csv", "enrollments.csv", "roles.csv"})
        CHECK(Poco::File(host.path("oneroster/") + file).exists());
    // The same import as roster JSON: one OneRoster user per person. Names
    // may hold line breaks only inside quotes, so count records, not lines.
    REQUIRE(host.run({"--out", host.path("roster.json")}).exit_code == 0);
    auto roster = Poco::JSON::Parser().parse(read_file(host.path("roster.json"))).extract<Poco::JSON::Object::Ptr>();
    const std::string users = read_file(host.path("oneroster/users.csv"));
    std::size_t records = 0;
    bool quoted = false;
    for (char c : users) {
        if (c == '"') quoted = !quoted;
        if (c == '\n' && !quoted) ++records;
    }
    CHECK(records - 1 == roster->getArray("people")->size());
    auto bad = host.run({"--format", "xml", "--out", host.path("x")});
    CHECK(bad.exit_code == 2);
}

TEST_CASE("sis-host import --previous is a delta and says so, --full reads everything") {
    ImportFixture f({"demo", 9, 200});
    SisHostRun host(f);
    REQUIRE(host.run({"--out", host.path("roster.json")}).exit_code == 0);
    f.sim->reset_counters();
    auto delta = host.run({"--previous", host.path("roster.json"), "--out", host.path("roster.json")});
    INFO(delta.err);
    REQUIRE(delta.exit_code == 0);
    CHECK_THAT(delta.out, Catch::Contains("delta: read only the records changed since") &&
                              Catch::Contains("--full"));
    CHECK(Poco::JSON::Parser().parse(read_file(host.path("roster.json"))).extract<Poco::JSON::Object::Ptr>()->has("delta"));

    auto full = host.run({"--previous", host.path("roster.json"), "--full"});
    REQUIRE(full.exit_code == 0);
    CHECK_THAT(full.out, !Catch::Contains("delta:"));
    CHECK_THAT(full.out, Catch::Contains("no changes") || Catch::Contains("+0 ~0 -0"));
}

TEST_CASE("sis-host import --previous refuses a file that is no result, and passes a result on as it is") {
    ImportFixture f({"demo", 9, 100});
    SisHostRun host(f);
    for (const char *bad : {"[1,2]", "{\"people\":[", "\"a roster\"", ""}) {
        INFO(bad);
        std::ofstream(host.path("bad.json")) << bad;
        auto r = host.run({"--previous", host.path("bad.json")});
        CHECK(r.exit_code == 4); // a file it reads is wrong, as for the event file
        CHECK_THAT(r.err, Catch::Contains("bad.json: --previous must be a roster JSON file an import wrote"));
    }
    Poco::File(host.path("a-folder")).createDirectories();
    auto folder = host.run({"--previous", host.path("a-folder")});
    CHECK(folder.exit_code == 4);
    CHECK_THAT(folder.err, Catch::Contains("a-folder: --previous must be a roster JSON file an import wrote"));
    { // A broken one of over a megabyte, which sis-host reads beside the import
      // and the plugin beside its token request: the same error, nothing written.
        std::ofstream big(host.path("bad.json"));
        big << "{\"people\":[";
        for (int i = 0; i < 100000; ++i) big << "{\"id\":" << i << "},";
    }
    f.sim->reset_counters();
    auto cut = host.run({"--previous", host.path("bad.json"), "--out", host.path("kept.json")});
    CHECK(f.sim->counters().data_requests == 0); // the plugin refused the event before its fetch
    CHECK(cut.exit_code == 4);
    CHECK_THAT(cut.err, Catch::Contains("bad.json: --previous must be a roster JSON file an import wrote") &&
                            Catch::Contains("nothing was written"));
    CHECK_FALSE(Poco::File(host.path("kept.json")).exists());
    // The result goes to the plugin as it is: its diff against itself is empty.
    REQUIRE(host.run({"--out", host.path("first.json")}).exit_code == 0);
    auto again = host.run({"--previous", host.path("first.json"), "--full", "--json"});
    REQUIRE(again.exit_code == 0);
    auto diff = Poco::JSON::Parser().parse(again.out).extract<Poco::JSON::Object::Ptr>()->getObject("diff");
    REQUIRE(diff);
    for (const char *list : {"people", "links", "classes", "enrollments"})
        for (const char *change : {"added", "changed", "removed"}) {
            INFO(list << " " << change);
            CHECK(diff->getObject(list)->getArray(change)->size() == 0);
        }
}

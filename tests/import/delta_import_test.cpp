// Delta imports: the previous result's cursor, a day of changes in the
// simulated school, and only the changed records fetched; the roster must
// be the one a full import gives (deletions aside: Veracross does not report
// them, and the result says so).
#include "import_fixture.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

using namespace import_test;

namespace {

const char *const kRosterParts[] = {"people", "households", "links", "classes", "enrollments",
                                    "conference", "counts", "warnings"};

std::string json_text(const Poco::Dynamic::Var &v) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(v, out);
    return out.str();
}

// A change made now: after the previous import's cursor.
std::string now_text() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ"); }

// Changes the served school; the fixture's copy (the ground truth's input)
// becomes what is served.
void change_served(ImportFixture &f, bool deletions) {
    const std::string when = now_text();
    f.sim->mutate_school("demo", [&](vcsim::School &s) { vcsim::change_school(s, 21, when, deletions); });
    f.sim->read_school("demo", [&](const vcsim::School &s) { f.school = s; });
}

Poco::JSON::Object after(const Poco::JSON::Object::Ptr &previous, bool full_import = false) {
    auto event = event_for("Semester 1");
    event.set("previous", previous);
    if (full_import) event.set("full_import", true);
    return event;
}

std::uint64_t data_requests(ImportFixture &f, const Poco::JSON::Object &event, ImportRun &run) {
    f.sim->reset_counters();
    run = f.import(event);
    return f.sim->counters().data_requests;
}

std::set<std::int64_t> student_ids(const vcsim::School &school) {
    std::set<std::int64_t> ids;
    for (const auto &s : school.resources.at("students").records) ids.insert(s->getValue<std::int64_t>("id"));
    return ids;
}

} // namespace

TEST_CASE("a delta import after a day of edits and additions gives the full import's roster from fewer requests") {
    ImportFixture f({"demo", 4, 2000});
    ImportRun first, delta, full;
    const auto full_requests = data_requests(f, event_for("Semester 1"), first);
    REQUIRE(first.status == SIS_OK);
    REQUIRE(first.doc->has("cursor"));
    CHECK_FALSE(first.doc->has("delta"));

    change_served(f, false);
    const auto delta_requests = data_requests(f, after(first.doc), delta);
    INFO(delta.json.substr(0, 400));
    REQUIRE(delta.status == SIS_OK);
    data_requests(f, event_for("Semester 1"), full);
    REQUIRE(full.status == SIS_OK);

    // Only the changed records were read, in fewer requests.
    REQUIRE(delta.doc->has("delta"));
    auto changed = delta.doc->getObject("delta")->getObject("changed");
    CHECK(changed->getValue<int>("students") > 0);
    CHECK(changed->getValue<int>("students") < 50);
    CHECK(changed->getValue<int>("enrollments") > 0);
    CHECK(changed->getValue<int>("enrollments") < 500);
    CHECK(delta_requests < full_requests);

    // ...and the roster is the full import's, part for part.
    for (const char *part : kRosterParts) {
        INFO(part);
        CHECK(json_text(delta.doc->get(part)) == json_text(full.doc->get(part)));
    }
    const vcsim::EventQuery q = f.truth_query("Semester 1");
    CHECK(bookings_of(*delta.doc) == bookings_of(vcsim::conference_truth(f.school, q)));
    // Split households: the delta's groups are the ground truth's, and a pair
    // split before and after keeps its group (the day's changes move no one
    // to another household; a portal flip may end or start a split).
    CHECK(booking_groups_of(*delta.doc) == booking_groups_of(vcsim::booking_groups_truth(f.school, q)));
    std::map<std::pair<std::string, std::string>, std::string> now;
    for (const auto &[parent, student, group] : booking_groups_of(*delta.doc)) now[{parent, student}] = group;
    int kept = 0;
    for (const auto &[parent, student, group] : booking_groups_of(*first.doc)) {
        const auto found = now.find({parent, student});
        if (found == now.end() || group.empty() || found->second.empty()) continue;
        CHECK(found->second == group);
        ++kept;
    }
    CHECK(kept >= 2);
    // The change is really there: the new family can book.
    CHECK(bookings_of(*delta.doc) != bookings_of(*first.doc));
    // The diff says what changed in each list, judged here from the two
    // rosters. The previous result is over 1 MiB, so the plugin read its
    // lists beside the fetch.
    REQUIRE(first.json.size() > 1024 * 1024);
    std::size_t changes = 0;
    for (const auto &[list, key_fields] : std::vector<std::pair<const char *, std::vector<const char *>>>{
             {"people", {"id"}}, {"links", {"parent_id", "student_id"}}, {"classes", {"id"}}, {"enrollments", {"id"}}}) {
        INFO(list);
        const auto items = [&, list = list, key_fields = key_fields](const Poco::JSON::Object &roster) {
            std::map<std::string, std::string> by_key; // key -> the item's text, keys sorted
            const auto array = roster.getArray(list);
            for (std::size_t i = 0; array && i < array->size(); ++i) {
                const auto item = array->getObject(static_cast<unsigned>(i));
                std::string key;
                for (const char *field : key_fields) key += (key.empty() ? "" : "/") + text_or_empty(*item, field);
                by_key[key] = json_text(Poco::Dynamic::Var(item));
            }
            return by_key;
        };
        const auto before = items(*first.doc), now = items(*delta.doc);
        std::set<std::string> added, removed, changed, said_added, said_removed, said_changed;
        for (const auto &[key, text] : now)
            if (!before.count(key)) added.insert(key);
            else if (before.at(key) != text) changed.insert(key);
        for (const auto &[key, text] : before)
            if (!now.count(key)) removed.insert(key);
        const auto diff = delta.doc->getObject("diff")->getObject(list);
        for (const auto &k : *diff->getArray("added")) said_added.insert(k.convert<std::string>());
        for (const auto &k : *diff->getArray("removed")) said_removed.insert(k.convert<std::string>());
        for (const auto &c : *diff->getArray("changed"))
            said_changed.insert(c.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("id"));
        CHECK(said_added == added);
        CHECK(said_removed == removed);
        CHECK(said_changed == changed);
        changes += added.size() + removed.size() + changed.size();
    }
    CHECK(changes > 0);

    // A delta on a delta still holds the whole school.
    ImportRun again;
    data_requests(f, after(delta.doc), again);
    REQUIRE(again.status == SIS_OK);
    CHECK(json_text(again.doc->get("conference")) == json_text(full.doc->get("conference")));
}

TEST_CASE("a fresh token's first pages start together, as many as the window Veracross documents allows") {
    vcsim::Options options;
    options.latency = std::chrono::milliseconds(150); // long enough for requests to overlap
    ImportFixture f({"demo", 2, 300}, options);
    const ImportRun first = f.import(event_for("Semester 1"));
    INFO(first.json.substr(0, 400));
    REQUIRE(first.status == SIS_OK);
    // The simulator's window, as its answers said, kept for the next import.
    CHECK(first.doc->getObject("cursor")->getValue<long>("rate_limit") == 300);
    // Nothing waited for a first answer: eight (the school's cap) went at once.
    const auto stats = first.doc->getObject("stats");
    CHECK(stats->getValue<double>("rate_limit_wait_seconds") == 0);
    CHECK(stats->getValue<int>("max_requests_in_flight") == 8);
    // And the server saw no more at once (the plugin has more threads than
    // that: a few parse pages while eight requests are out).
    CHECK(f.sim->counters().most_data_requests_at_once == 8);
    CHECK(f.sim->counters().too_many_requests == 0);
}

TEST_CASE("a window smaller than Veracross documents: the import waits out the first 429s, and the cursor's limit keeps the next one clear of them") {
    vcsim::Options options;
    options.rate_limit.limit = 5;
    options.rate_limit.window = std::chrono::milliseconds(1500);
    options.latency = std::chrono::milliseconds(100);
    ImportFixture f({"demo", 2, 300}, options);
    ImportRun first;
    data_requests(f, event_for("Semester 1"), first);
    INFO(first.json.substr(0, 400));
    REQUIRE(first.status == SIS_OK); // the guess was wrong, the import is not
    CHECK(first.doc->getObject("cursor")->getValue<long>("rate_limit") == 5);

    // A fresh instance (a fresh token, nothing seen on the connection): the cursor tells 5.
    ImportRun repeat;
    data_requests(f, after(first.doc, true), repeat);
    INFO(repeat.json.substr(0, 400));
    REQUIRE(repeat.status == SIS_OK);
    CHECK(f.sim->counters().too_many_requests == 0);
    const auto stats = repeat.doc->getObject("stats");
    CHECK(stats->getValue<int>("max_requests_in_flight") == 5); // together, up to the window
    CHECK(stats->getValue<double>("rate_limit_wait_seconds") > 0); // more pages than one window holds
    CHECK(json_text(repeat.doc->get("conference")) == json_text(first.doc->get("conference")));
}

TEST_CASE("a delta import says deletions are not visible, and full_import removes them") {
    ImportFixture f({"demo", 6, 500});
    auto first = f.import(event_for("Semester 1"));
    REQUIRE(first.status == SIS_OK);
    const auto students_before = student_ids(f.school);
    change_served(f, true);
    std::vector<std::int64_t> deleted;
    const auto students_after = student_ids(f.school);
    std::set_difference(students_before.begin(), students_before.end(), students_after.begin(),
                        students_after.end(), std::back_inserter(deleted));
    REQUIRE(deleted.size() == 1);
    const std::int64_t deleted_student = deleted.front();

    auto delta = f.import(after(first.doc));
    auto full = f.import(after(first.doc, true));
    REQUIRE(delta.status == SIS_OK);
    REQUIRE(full.status == SIS_OK);
    REQUIRE(delta.doc->has("delta"));
    CHECK_THAT(delta.doc->getObject("delta")->getValue<std::string>("deletions"), Catch::Contains("full import"));
    CHECK_FALSE(full.doc->has("delta"));

    // The full import matches the ground truth; the delta differs only by
    // what was deleted (the deleted student is still in it).
    const vcsim::EventQuery q = f.truth_query("Semester 1");
    CHECK(bookings_of(*full.doc) == bookings_of(vcsim::conference_truth(f.school, q)));
    const auto in_delta = person_ids(*delta.doc), in_full = person_ids(*full.doc);
    std::set<std::string> only_in_delta, only_in_full;
    std::set_difference(in_delta.begin(), in_delta.end(), in_full.begin(), in_full.end(),
                        std::inserter(only_in_delta, only_in_delta.end()));
    std::set_difference(in_full.begin(), in_full.end(), in_delta.begin(), in_delta.end(),
                        std::inserter(only_in_full, only_in_full.end()));
    CHECK(only_in_delta.count(std::to_string(deleted_student)) == 1);
    CHECK(only_in_full.empty());
}

TEST_CASE("a cursor that does not fit is not used: the import reads everything") {
    ImportFixture f({"demo", 8, 200});
    auto first = f.import(event_for("Semester 1"));
    REQUIRE(first.status == SIS_OK);
    const std::string original = json_text(first.doc->get("cursor"));

    struct Case {
        const char *what;
        std::function<void(Poco::JSON::Object &)> spoil;
    } cases[] = {
        {"another version", [](Poco::JSON::Object &c) { c.set("version", 99); }},
        {"another school", [](Poco::JSON::Object &c) { c.set("school_route", "elsewhere"); }},
        {"a bad time", [](Poco::JSON::Object &c) { c.set("since", "yesterday"); }},
        {"a row of the wrong length",
         [](Poco::JSON::Object &c) {
             c.getObject("records")->getObject("students")->getArray("rows")->set(0, Poco::JSON::Array());
         }},
        {"a value of the wrong type",
         [](Poco::JSON::Object &c) {
             auto row = c.getObject("records")->getObject("classes")->getArray("rows")->getArray(0);
             row->set(0, "not an id");
         }},
        {"renamed columns",
         [](Poco::JSON::Object &c) {
             c.getObject("records")->getObject("enrollments")->getArray("columns")->set(0, "ident");
         }},
        {"no records", [](Poco::JSON::Object &c) { c.remove("records"); }},
        {"not an object", [](Poco::JSON::Object &) {}},
    };
    for (auto &c : cases) {
        INFO(c.what);
        auto previous = Poco::JSON::Parser().parse(first.json).extract<Poco::JSON::Object::Ptr>();
        if (std::string(c.what) == "not an object")
            previous->set("cursor", "garbage");
        else
            c.spoil(*previous->getObject("cursor"));
        f.sim->reset_counters();
        auto run = f.import(after(previous));
        REQUIRE(run.status == SIS_OK);
        CHECK_FALSE(run.doc->has("delta"));
        CHECK(json_text(run.doc->get("conference")) == json_text(first.doc->get("conference")));
        CHECK(f.sim->counters().data_requests >= 7);
    }
    // A previous result without a cursor is a plain full import too.
    auto previous = Poco::JSON::Parser().parse(first.json).extract<Poco::JSON::Object::Ptr>();
    previous->remove("cursor");
    auto run = f.import(after(previous));
    REQUIRE(run.status == SIS_OK);
    CHECK_FALSE(run.doc->has("delta"));
    CHECK(json_text(first.doc->get("cursor")) == original); // the host's copy is never changed
}

TEST_CASE("full_import must be true or false") {
    ImportFixture f({"demo", 8, 50});
    auto event = event_for("Semester 1");
    event.set("full_import", "yes");
    auto run = f.import(event);
    CHECK(run.status == SIS_INVALID_CONFIG);
    CHECK_THAT(run.json, Catch::Contains("full_import"));
}

// A school written by hand from the published record shapes (hand_school/,
// not the generator), imported end to end through the `sis-host import`
// binary, against its conference view worked out by hand
// (hand_school/expected.json): bookings, warnings, people, links and
// classes compared as multisets, and the periods the event took.
#include "import_fixture.hpp"
#include "simulator.hpp"
#include "sis_host_run.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <set>

using import_test::differences;
using import_test::id_text;
using import_test::read_file;
using import_test::SisHostRun;

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Texts = std::multiset<std::string>;

Object::Ptr parse(const std::string &text) { return Poco::JSON::Parser().parse(text).extract<Object::Ptr>(); }

// The served school: the generator only lends the simulator's setup (an
// app, each resource's scope and filters); every record is the hand-made one.
vcsim::School hand_school() {
    const Object::Ptr doc = parse(read_file(HAND_SCHOOL_DIR "/records.json"));
    vcsim::School school = vcsim::generate_school({"hand-school", 1, 50});
    school.users.clear();
    const Array::Ptr lists = doc->getArray("value_lists");
    const Object::Ptr records = doc->getObject("resources");
    for (auto &[path, resource] : school.resources) {
        resource.records.clear();
        resource.read_records.clear();
        resource.unlisted.clear();
        resource.value_lists = lists;
        resource.read_value_lists = lists;
        if (const Array::Ptr listed = records->getArray(path))
            for (std::size_t i = 0; i < listed->size(); ++i) resource.records.push_back(listed->getObject(static_cast<unsigned>(i)));
    }
    // Without the optional scopes: classes by their dates, primary teachers.
    auto &scopes = school.apps.at(0).enabled_scopes;
    for (const char *scope : {"academics.permissions:list", "academics.permissions:read", "academics.class_schedules:list"})
        scopes.erase(scope);
    return school;
}

template <class Each> void each(const Object &o, const std::string &list, Each f) {
    const Array::Ptr items = o.getArray(list);
    REQUIRE(items);
    for (std::size_t i = 0; i < items->size(); ++i) f(*items->getObject(static_cast<unsigned>(i)));
}

std::string joined(const Array &ids, const std::string &between, bool sorted) {
    std::vector<std::string> all;
    for (std::size_t i = 0; i < ids.size(); ++i) all.push_back(ids.getElement<std::string>(static_cast<unsigned>(i)));
    if (sorted) std::sort(all.begin(), all.end());
    std::string out;
    for (const auto &s : all) out += (out.empty() ? "" : between) + s;
    return out;
}

std::string coded(const Object &o, const std::string &field) {
    const Object::Ptr c = o.getObject(field);
    return c ? c->getValue<std::string>("description") : "-";
}

// The roster's view, in expected.json's texts.
std::map<std::string, Texts> view_of(const Object &roster) {
    std::map<std::string, Texts> v;
    each(roster, "conference", [&](const Object &parent) {
        each(parent, "teachers", [&](const Object &teacher) {
            each(teacher, "for", [&](const Object &why) {
                // One line per (parent, student): every reason of the pair carries one group.
                const std::string group = id_text(parent, "parent_id") + " " + id_text(why, "student_id") + " " +
                                          (why.isNull("booking_group") ? "null" : id_text(why, "booking_group"));
                if (!v["booking_groups"].count(group)) v["booking_groups"].insert(group);
                v["bookings"].insert(id_text(parent, "parent_id") + " " + id_text(why, "student_id") + " " +
                                     id_text(teacher, "teacher_id") + " " + id_text(why, "class_id") + " " + id_text(why, "reason"));
            });
        });
    });
    each(roster, "warnings", [&](const Object &w) {
        const Array::Ptr ids = w.getArray("ids");
        CHECK(w.getValue<std::string>("message").rfind(std::to_string(ids->size()) + " ", 0) == 0);
        v["warnings"].insert(id_text(w, "code") + ": " + joined(*ids, " ", true));
    });
    each(roster, "people", [&](const Object &p) { v["people"].insert(id_text(p, "id") + " " + joined(*p.getArray("roles"), ",", false)); });
    each(roster, "links", [&](const Object &l) {
        v["links"].insert(id_text(l, "parent_id") + " " + id_text(l, "student_id") +
                          (l.getValue<bool>("may_book") ? " may_book" : " may_not_book"));
    });
    each(roster, "classes", [&](const Object &c) {
        const Array::Ptr teachers = c.getArray("teacher_ids");
        v["classes"].insert(id_text(c, "id") + " " + (teachers->size() ? joined(*teachers, " ", true) : "-"));
    });
    each(*roster.getObject("event"), "grading_periods", [&](const Object &p) {
        v["grading_periods"].insert(id_text(p, "id") + " " + id_text(p, "name") + " | " + coded(p, "school_year") + " | " +
                                    coded(p, "school_level") + " | " + id_text(p, "start") + " .. " + id_text(p, "end"));
    });
    return v;
}

Texts expected(const Object &doc, const std::string &part) {
    Texts out;
    const Array::Ptr items = doc.getArray(part);
    for (std::size_t i = 0; i < items->size(); ++i) out.insert(items->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
}

} // namespace

TEST_CASE("a school written by hand imports through sis-host to its conference view worked out by hand") {
    vcsim::School school = hand_school();
    vcsim::Simulator sim({}, {school});
    sim.start();
    SisHostRun host(school, sim);
    host.event_file = HAND_SCHOOL_DIR "/event.yaml";
    const std::string out = host.path("roster.json");
    const auto run = host.run({"--out", out});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    // The summary names the periods taken, with their year and level.
    CHECK_THAT(run.out, Catch::Contains("Semester 1 (2025-2026, Lower School: 2025-09-02 .. 2026-01-23), "
                                        "Semester 1 (2025-2026, Upper School: 2025-09-02 .. 2026-01-16)"));

    const Object::Ptr roster = parse(read_file(out));
    const Object::Ptr want = parse(read_file(HAND_SCHOOL_DIR "/expected.json"));
    CHECK(coded(*roster->getObject("event"), "school_year") == want->getValue<std::string>("school_year"));
    const auto got = view_of(*roster);
    for (const char *part : {"grading_periods", "bookings", "booking_groups", "warnings", "people", "links", "classes"}) {
        const Texts none;
        const auto found = got.find(part);
        const Texts &mine = found == got.end() ? none : found->second;
        INFO(part << differences(mine, expected(*want, part)));
        CHECK(mine == expected(*want, part));
    }
}

// Reading a result document as it is parsed (roster/result_digest.hpp,
// common/json_routing.hpp): the digest must say what a tree of the same text
// says, whatever shape a host's stored result has.
#include "common/json_routing.hpp"
#include "common/plugin_error.hpp"
#include "roster/event_spec.hpp"
#include "roster/result_digest.hpp"
#include "roster/roster_diff.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <vector>

using namespace veracross;

namespace {

std::vector<std::string> keys_of(const ResultDigest &d, const std::string &list) {
    std::vector<std::string> out;
    const auto it = d.lists.find(list);
    if (it != d.lists.end())
        for (const auto &item : it->second) out.push_back(item.key);
    return out;
}

std::vector<std::string> texts(const Poco::JSON::Array::Ptr &list) {
    std::vector<std::string> out;
    for (std::size_t i = 0; list && i < list->size(); ++i) out.push_back(list->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
}

std::string text_of(const Poco::JSON::Object::Ptr &o) {
    std::ostringstream s;
    o->stringify(s);
    return s.str();
}

const char *kEvent = R"({"event_id":"e1","name":"Fall","grading_periods":["Semester 1"])";

} // namespace

TEST_CASE("a member router builds the members it routes nowhere, in order, and hands the rest on") {
    std::vector<std::string> seen; // each element: its members as name=value, nested ones as JSON
    FlatObjectStream items([&](const std::vector<FlatObjectStream::Member> &members) {
        std::string element;
        for (const auto &m : members) {
            std::ostringstream value;
            Poco::JSON::Stringifier::stringify(m.value, value);
            element += m.name + "=" + value.str() + ";";
        }
        seen.push_back(element);
    });
    Poco::SharedPtr<MemberRouter> router(new MemberRouter(
        [&](const std::string &name) -> Poco::JSON::Handler * { return name == "items" ? &items : nullptr; }));
    Poco::JSON::Parser(router).parse(
        R"({"z":1,"items":[{"a":[1,{"b":2}],"s":"t","a":{"x":true}},7,[8],{"c":null,"d":2.5}],"a":{"deep":[{"x":"y"}]},"n":null})");
    REQUIRE(router->is_object());
    CHECK(text_of(router->kept()) == R"({"z":1,"a":{"deep":[{"x":"y"}]},"n":null})");
    // Objects only, whole, each once; the scalar and the array are skipped.
    // A member given twice keeps its first place and its last value.
    CHECK(seen == std::vector<std::string>{R"(a={"x":true};s="t";)", "c=null;d=2.5;"});
}

TEST_CASE("a member router says what a value that is no object was") {
    for (const auto &[json, null] : std::vector<std::pair<std::string, bool>>{{"[1,{}]", false}, {"5", false}, {"null", true}}) {
        INFO(json);
        Poco::SharedPtr<MemberRouter> router(new MemberRouter([](const std::string &) { return nullptr; }));
        Poco::JSON::Parser(router).parse(json);
        CHECK_FALSE(router->is_object());
        CHECK(router->is_null() == null);
        CHECK_FALSE(router->kept());
    }
}

TEST_CASE("a result's digest keeps what the diff, the safeguards and the cursor read, and nothing else whole") {
    const auto d = read_result(R"({"schema":"s","people":[{"id":"2","kind":"parent","display_name":"Bo"},
        {"id":"1","kind":"teacher","display_name":"Al"},{"id":"1","kind":"student","display_name":"Al again"}],
        "households":[{"id":"h"}],"links":[{"parent_id":"2","student_id":"3"}],
        "conference":[{"parent_id":"2","teachers":[{"teacher_id":"1"},{"teacher_id":"4"},7]},{"teachers":"none"}],
        "cursor":{"version":1,"records":{"students":{"columns":["id","x"],"rows":[["3",true],["4",false],[null,-2.5]]}},"counts":{"students":1}},
        "counts":{"people":3}})");
    REQUIRE(d.heading);
    std::vector<std::string> heading;
    d.heading->getNames(heading);
    CHECK(heading == std::vector<std::string>{"schema", "counts"}); // in their order
    // In key order; the later of two items with one key counts in the diff,
    // the first in the safeguard's people (a person under two kinds).
    CHECK(keys_of(d, "people") == std::vector<std::string>{"1", "2"});
    CHECK(keys_of(d, "links") == std::vector<std::string>{"2/3"});
    CHECK(keys_of(d, "classes").empty());
    CHECK(d.people.at("1").kind == "teacher");
    CHECK(d.people.at("2").display_name == "Bo");
    CHECK(d.bookable_pairs == std::set<std::pair<std::string, std::string>>{{"2", "1"}, {"2", "4"}});
    REQUIRE(d.has_cursor);
    CHECK_FALSE(d.cursor->has("records"));
    CHECK(d.cursor->getObject("counts")->getValue<int>("students") == 1);
    const auto records = cursor_records(d);
    REQUIRE(records);
    // As written, booleans too (Poco's own PrintHandler writes them as 1 and 0).
    CHECK(text_of(records) == R"({"students":{"columns":["id","x"],"rows":[["3",true],["4",false],[null,-2.5]]}})");
}

TEST_CASE("a list given twice counts once, the last, as in a tree") {
    const auto d = read_result(R"({"people":[{"id":"1"}],"people":[{"id":"2","kind":"parent"}],
                                   "conference":[{"parent_id":"1","teachers":[{"teacher_id":"9"}]}],"conference":[]})");
    CHECK(keys_of(d, "people") == std::vector<std::string>{"2"});
    CHECK(d.people.size() == 1);
    CHECK(d.bookable_pairs.empty());
    // Of two items with one key, the later one is the one diffed.
    const auto twice = read_result(R"({"people":[{"id":"1","a":1},{"id":"1","a":2}]})");
    const auto diff = diff_rosters(twice, read_result(R"({"people":[{"id":"1","a":2}]})"));
    CHECK(diff->getObject("people")->getArray("changed")->size() == 0);
}

TEST_CASE("a result of another shape reads as one with nothing in it") {
    const auto d = read_result(R"({"people":{"id":"1"},"links":"none","enrollments":[1,2,[3]],"cursor":5})");
    CHECK(keys_of(d, "people").empty());
    CHECK(keys_of(d, "links").empty());
    CHECK(keys_of(d, "enrollments").empty());
    CHECK(d.has_cursor);
    CHECK_FALSE(d.cursor);
    CHECK_FALSE(cursor_records(d));
    CHECK_THROWS_AS(read_result("[1]"), std::invalid_argument);
    CHECK_THROWS_AS(read_result(R"({"people":[)"), Poco::Exception);
}

TEST_CASE("the diff of two digests names changed fields, whatever order a file keeps keys in") {
    const auto before = read_result(R"({"people":[{"id":"1","email":"a@x","relationship":{"id":1,"description":"Mother"}},
        {"id":"2","email":"b@x"},{"id":"3","phone":"1"}]})");
    const auto after = read_result(R"({"people":[{"relationship":{"description":"Mother","id":1},"email":"a@y","id":"1"},
        {"id":"2","email":"b@x"},{"id":"4"}],"links":[{"parent_id":"1","student_id":"2"}]})");
    const auto diff = diff_rosters(before, after);
    const auto people = diff->getObject("people");
    CHECK(texts(people->getArray("added")) == std::vector<std::string>{"4"});
    CHECK(texts(people->getArray("removed")) == std::vector<std::string>{"3"});
    REQUIRE(people->getArray("changed")->size() == 1);
    const auto changed = people->getArray("changed")->getObject(0);
    CHECK(changed->getValue<std::string>("id") == "1");
    CHECK(texts(changed->getArray("fields")) == std::vector<std::string>{"email"});
    CHECK(texts(diff->getObject("links")->getArray("added")) == std::vector<std::string>{"1/2"});
    // A field only one side has changed too: the new item's first, then the old one's.
    const auto fields = diff_rosters(read_result(R"({"classes":[{"id":"5","room":"1","gone":true}]})"),
                                     read_result(R"({"classes":[{"id":"5","room":"2","new":1}]})"))
                            ->getObject("classes")->getArray("changed")->getObject(0)->getArray("fields");
    CHECK(texts(fields) == std::vector<std::string>{"room", "new", "gone"});
}

TEST_CASE("an event's previous result is read into its digest, and one that is no object is refused") {
    const auto spec = parse_event_spec(std::string(kEvent) + R"(,"previous":{"people":[{"id":"7","kind":"parent"}]},"dry_run":true})");
    REQUIRE(spec.previous);
    CHECK(spec.previous->people.at("7").kind == "parent");
    CHECK(spec.dry_run);
    CHECK_FALSE(parse_event_spec(std::string(kEvent) + R"(,"previous":null})").previous);
    CHECK_FALSE(parse_event_spec(std::string(kEvent) + "}").previous);
    for (const char *bad : {"5", "[]", "\"x\""}) {
        INFO(bad);
        try {
            parse_event_spec(std::string(kEvent) + R"(,"previous":)" + bad + "}");
            FAIL("accepted");
        } catch (const PluginError &e) {
            CHECK_THAT(e.what(), Catch::Contains("previous: must be the object a previous import returned"));
        }
    }
    // Broken JSON inside the previous result is a broken event.
    CHECK_THROWS_WITH(parse_event_spec(std::string(kEvent) + R"(,"previous":{"people":[}})"),
                      Catch::Contains("event spec: must be a JSON object"));
}

TEST_CASE("a previous result read in two parts, the cursor first and the rest later, holds what one read holds") {
    // A large event is read so: its cursor for the fetch, its lists while the fetch runs.
    const std::string event = std::string(kEvent) + R"(,"previous":{"schema":"s",
        "people":[{"id":"2","kind":"parent","display_name":"Bo"},{"id":"1","kind":"teacher","display_name":"Al"}],
        "links":[{"parent_id":"2","student_id":"3"}],"enrollments":[{"id":"9","class_id":"c"}],
        "conference":[{"parent_id":"2","teachers":[{"teacher_id":"1"}]}],
        "cursor":{"version":1,"records":{"students":{"rows":[["3"]]}},"counts":{"students":1}}},"full_import":true})";
    const auto whole = parse_event_spec(event);
    const auto first = parse_event_spec(event, {}, ResultParts::cursor_and_heading);
    CHECK(first.full_import);
    REQUIRE(first.previous);
    CHECK(first.previous->lists.empty()); // left for later
    CHECK(first.previous->people.empty());
    CHECK(first.previous->bookable_pairs.empty());
    REQUIRE(first.previous->has_cursor);
    CHECK(text_of(first.previous->cursor) == text_of(whole.previous->cursor));
    CHECK(first.previous->cursor_records == whole.previous->cursor_records);

    const auto rest = read_event_previous(event, ResultParts::all_but_cursor, {});
    CHECK_FALSE(rest.has_cursor);
    CHECK(rest.cursor_records.empty());
    for (const char *list : {"people", "links", "classes", "enrollments"}) {
        INFO(list);
        CHECK(keys_of(rest, list) == keys_of(*whole.previous, list));
    }
    CHECK(rest.people.size() == 2);
    CHECK(rest.people.size() == whole.previous->people.size());
    CHECK(rest.bookable_pairs == whole.previous->bookable_pairs);
    CHECK(text_of(rest.heading) == text_of(whole.previous->heading));
    // Nothing against itself: the same item digests as the one read.
    const auto diff = diff_rosters(rest, *whole.previous);
    for (const char *list : {"people", "links", "classes", "enrollments"})
        for (const char *change : {"added", "changed", "removed"}) {
            INFO(list << " " << change);
            CHECK(diff->getObject(list)->getArray(change)->size() == 0);
        }
}

TEST_CASE("reading an event's previous result again stops when asked") {
    std::string event = std::string(kEvent) + R"(,"previous":{"people":[)";
    for (int i = 0; i < 20000; ++i) event += std::string(i ? "," : "") + R"({"id":")" + std::to_string(i) + R"("})";
    event += "]}}";
    CHECK_THROWS_AS(read_event_previous(event, ResultParts::all_but_cursor, [] { return true; }), PluginError);
    CHECK(read_event_previous(event, ResultParts::all_but_cursor, [] { return false; }).people.size() == 20000);
}

// JsonWriter: the roster and cursor are written as text with no tree, so
// its text must parse back to exactly what was written, and read the same
// as Poco's own stringify of the same values.
#include "roster/json_writer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <sstream>

using veracross::JsonWriter;

namespace {

Poco::Dynamic::Var parsed(const std::string &text) { return Poco::JSON::Parser().parse(text); }

std::string poco_text(const std::string &s) {
    Poco::JSON::Array a;
    a.add(s);
    std::ostringstream out;
    a.stringify(out);
    return out.str();
}

} // namespace

TEST_CASE("JsonWriter puts commas and colons where JSON needs them") {
    JsonWriter w;
    w.begin_object();
    w.key("empty_object").begin_object().end_object();
    w.key("empty_array").begin_array().end_array();
    w.key("list").begin_array().value(1).value("two").value(true).null().begin_object().end_object().end_array();
    w.key("nested").begin_object().key("a").begin_array().begin_array().value(-3).end_array().end_array().end_object();
    w.key("flag").value(false);
    w.key("missing").text_or_null("");
    w.key("present").text_or_null("x");
    w.end_object();
    const std::string text = w.take();
    CHECK(text == R"({"empty_object":{},"empty_array":[],"list":[1,"two",true,null,{}],)"
                  R"("nested":{"a":[[-3]]},"flag":false,"missing":null,"present":"x"})");
    CHECK(w.take().empty()); // taken: the writer starts again
}

TEST_CASE("JsonWriter writes whole numbers of every width exactly") {
    JsonWriter w;
    w.begin_array()
        .value(std::numeric_limits<std::int64_t>::min())
        .value(std::numeric_limits<std::uint64_t>::max())
        .value(std::size_t{0})
        .value(static_cast<unsigned char>(7))
        .end_array();
    CHECK(w.take() == "[-9223372036854775808,18446744073709551615,0,7]");
}

TEST_CASE("JsonWriter escapes strings as Poco does, and they parse back unchanged") {
    std::vector<std::string> samples = {"", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t",
                                        std::string("nul \0 inside", 12), "\x01\x1f\x7f", "é 李 🙂"};
    // Every control character, and random mixes of them with text.
    for (int c = 0; c < 0x20; ++c) samples.push_back(std::string(1, static_cast<char>(c)));
    std::mt19937 random(7);
    const std::vector<std::string> pieces = {"a", "b", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "é", "李"};
    for (int i = 0; i < 200; ++i) {
        std::string s;
        for (int n = random() % 12; n > 0; --n) s += pieces[random() % pieces.size()];
        samples.push_back(s);
    }
    for (const auto &s : samples) {
        JsonWriter w;
        w.begin_array().value(s).end_array();
        const std::string text = w.take();
        CHECK(text == poco_text(s));
        CHECK(parsed(text).extract<Poco::JSON::Array::Ptr>()->getElement<std::string>(0) == s);
    }
}

TEST_CASE("JsonWriter embeds a small tree, keys escaped too") {
    Poco::JSON::Object::Ptr stats = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    stats->set("seconds", 1.5);
    stats->set("requests", 12);
    JsonWriter w;
    w.begin_object().key("a\"b").value(1).key("stats").tree(stats).key("after").value("x").end_object();
    const std::string text = w.take();
    CHECK(text == R"({"a\"b":1,"stats":{"seconds":1.5,"requests":12},"after":"x"})");
    const auto doc = parsed(text).extract<Poco::JSON::Object::Ptr>();
    CHECK(doc->getValue<int>("a\"b") == 1);
}

TEST_CASE("JsonWriter reopens a written object to add members after it") {
    JsonWriter roster;
    roster.begin_object().key("people").begin_array().value("a").end_array().end_object();
    JsonWriter out;
    out.reopen_object(roster.take()).key("stats").begin_object().key("n").value(1).end_object().end_object();
    CHECK(out.take() == R"({"people":["a"],"stats":{"n":1}})");
    out.reopen_object("{}").key("only").value(true).end_object();
    CHECK(out.take() == R"({"only":true})");
}

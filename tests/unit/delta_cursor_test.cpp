// The cursor's rate limit (roster/delta_cursor.hpp): what Veracross's answers
// said of the rate window, written with the cursor and read back by the next
// import as a hint; anything but a positive integer is no hint.
#include "roster/delta_cursor.hpp"

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <chrono>

using namespace veracross;

namespace {

ResultDigest result_with_cursor(long rate_limit) {
    JsonWriter out;
    out.begin_object();
    write_cursor(out.key("cursor"), "demo", std::chrono::system_clock::now(), SchoolData(), rate_limit);
    out.end_object();
    return read_result(out.take());
}

ResultDigest cursor_with(const std::string &limit) { return read_result(R"({"cursor":{"rate_limit":)" + limit + "}}"); }

} // namespace

TEST_CASE("the cursor keeps the rate window's limit for the next import") {
    CHECK(previous_rate_limit(result_with_cursor(300)) == 300);
    CHECK(previous_rate_limit(result_with_cursor(7)) == 7);
    // None said: no member, no hint.
    const auto none = result_with_cursor(0);
    CHECK_FALSE(none.cursor->has("rate_limit"));
    CHECK(previous_rate_limit(none) == 0);
}

TEST_CASE("a cursor's rate limit that is not a positive integer is no hint") {
    for (const char *bad : {"0", "-5", "2.5", "\"300\"", "null", "1e300", "[300]"}) {
        INFO(bad);
        CHECK(previous_rate_limit(cursor_with(bad)) == 0);
    }
    CHECK(previous_rate_limit(ResultDigest()) == 0);
    CHECK(previous_rate_limit(read_result(R"({"cursor":5})")) == 0);
}

TEST_CASE("the cursor counts every collection the import read, the optional scopes' ones when read") {
    SchoolData data;
    data.students.resize(3);
    data.class_schedules.resize(1500);
    data.class_schedules_read = true;
    JsonWriter out;
    out.begin_object();
    write_cursor(out.key("cursor"), "demo", std::chrono::system_clock::now(), data, 300);
    out.end_object();
    const auto counts = previous_record_counts(read_result(out.take()));
    CHECK(counts.at("students") == 3);
    CHECK(counts.at("class_schedules") == 1500); // two pages: asked for at once next time
    CHECK(counts.at("enrollments") == 0);
    CHECK_FALSE(counts.count("permissions")); // not read: its scope was not granted
}

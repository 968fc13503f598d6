// The CSV writer on its own: RFC 4180 quoting, CRLF record ends, fields by
// column name, and the tests' reader reading back what it wrote.
#include "csv_reader.hpp"
#include "oneroster/csv_writer.hpp"

#include <catch2/catch.hpp>

using oneroster_test::parse_csv;
using sis_cli::csv_field;
using sis_cli::CsvTable;

TEST_CASE("a field is quoted only when it holds a comma, a quote, CR or LF") {
    CHECK(csv_field("plain text") == "plain text");
    CHECK(csv_field("") == "");
    CHECK(csv_field("Zoë 李") == "Zoë 李");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("carriage\rreturn") == "\"carriage\rreturn\"");
}

TEST_CASE("records end in CRLF and columns a record does not name stay empty") {
    CsvTable table({"sourcedId", "status", "title"});
    table.add({{"sourcedId", "c1"}, {"title", "Art, Music"}});
    table.add({{"title", "Drama"}, {"sourcedId", "c2"}});
    CHECK(table.size() == 2);
    CHECK(table.text() == "sourcedId,status,title\r\nc1,,\"Art, Music\"\r\nc2,,Drama\r\n");
}

TEST_CASE("naming a column the table lacks, or one twice, is a programming error") {
    CsvTable table({"sourcedId", "title"});
    CHECK_THROWS_AS(table.add({{"sourcedID", "x"}}), std::logic_error);
    CHECK_THROWS_AS(table.add({{"title", "a"}, {"title", "b"}}), std::logic_error);
    CHECK(table.size() == 0);
}

TEST_CASE("the tests' reader reads back exactly what the writer wrote") {
    const std::vector<std::string> values = {"",       "plain",      "a,b", "\"",           "\"\"",
                                             "x\r\ny", "trailing\n", ",",   "Zoë, \"李\"\n"};
    CsvTable table({"value", "next"});
    for (const auto &v : values) table.add({{"value", v}, {"next", "end"}});
    const auto records = parse_csv(table.text());
    REQUIRE(records.size() == values.size() + 1);
    CHECK(records[0] == std::vector<std::string>{"value", "next"});
    for (std::size_t i = 0; i < values.size(); ++i) CHECK(records[i + 1] == std::vector<std::string>{values[i], "end"});
}

TEST_CASE("the tests' reader rejects text that is not CSV") {
    CHECK_THROWS(parse_csv("a,\"open\n"));
    CHECK_THROWS(parse_csv("a,b\"c\n"));
    CHECK_THROWS(parse_csv("a,\"b\"c\n"));
    CHECK_THROWS(parse_csv("a\rb\n"));
}

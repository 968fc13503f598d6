// Replacing a folder as a whole: a reader sees the old folder or the new one,
// and a failure leaves the old one as it was, with nothing left beside it.
#include "csv_reader.hpp"
#include "oneroster/oneroster_atomic_folder.hpp"
#include "scratch_folder.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using Catch::Matchers::Contains;
using oneroster_test::read_text;
using oneroster_test::ScratchFolder;
using oneroster_test::write_text;
using sis_cli::write_folder_atomically;

namespace {

} // namespace

TEST_CASE("a new folder is created holding exactly the files") {
    ScratchFolder scratch;
    const std::string dir = scratch.path("out");
    write_folder_atomically(dir, {{"a.csv", "x\r\n"}, {"b.csv", ""}});
    CHECK(read_text(dir + "/a.csv") == "x\r\n");
    CHECK(read_text(dir + "/b.csv").empty());
    CHECK(scratch.entries() == std::set<std::string>{"out"});
}

TEST_CASE("an existing folder is replaced as a whole, trailing slash or not") {
    ScratchFolder scratch;
    const std::string dir = scratch.path("out");
    write_folder_atomically(dir, {{"old.csv", "old"}, {"kept.csv", "old"}});
    write_folder_atomically(dir + "/", {{"kept.csv", "new"}});
    CHECK(read_text(dir + "/kept.csv") == "new");
    CHECK_FALSE(Poco::File(dir + "/old.csv").exists());
    CHECK(scratch.entries() == std::set<std::string>{"out"});
}

TEST_CASE("a failure while writing leaves the old folder untouched and nothing beside it") {
    ScratchFolder scratch;
    const std::string dir = scratch.path("out");
    write_folder_atomically(dir, {{"a.csv", "old"}});
    // The second file cannot be created: its subfolder does not exist.
    CHECK_THROWS_WITH(write_folder_atomically(dir, {{"a.csv", "new"}, {"no-such-folder/b.csv", "new"}}),
                      Contains(dir) && Contains("no-such-folder/b.csv"));
    CHECK(read_text(dir + "/a.csv") == "old");
    CHECK(scratch.entries() == std::set<std::string>{"out"});
}

TEST_CASE("a file where the folder should be is left alone") {
    ScratchFolder scratch;
    const std::string path = scratch.path("out");
    write_text(path, "not a folder");
    CHECK_THROWS_WITH(write_folder_atomically(path, {{"a.csv", "new"}}), Contains(path) && Contains("not a folder"));
    CHECK(read_text(path) == "not a folder");
    CHECK(scratch.entries() == std::set<std::string>{"out"});
}

TEST_CASE("a folder whose parent is missing, or is a file, is not written") {
    ScratchFolder scratch;
    write_text(scratch.path("plain-file"), "x");
    for (const std::string &dir : {scratch.path("missing/out"), scratch.path("plain-file/out")}) {
        CHECK_THROWS_WITH(write_folder_atomically(dir, {{"a.csv", "new"}}), Contains(dir));
        CHECK_FALSE(Poco::File(dir).exists());
    }
    CHECK(scratch.entries() == std::set<std::string>{"plain-file"});
}

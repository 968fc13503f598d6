// The Data API against Simulator contract C and details doc sections 2-5.
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <sstream>
#include <thread>

using namespace simtest;

namespace {

const std::string kScopes = "students:list students:read academics.classes:list";

std::string error_of(const Response &r) { return r.json()->getValue<std::string>("error"); }

std::vector<std::int64_t> ids_of(const Response &r) {
    std::vector<std::int64_t> ids;
    auto data = r.json()->getArray("data");
    for (std::size_t i = 0; i < data->size(); ++i) ids.push_back(data->getObject(i)->getValue<std::int64_t>("id"));
    return ids;
}

struct Fixture {
    std::unique_ptr<vcsim::Simulator> sim = start_simulator();
    std::string base = sim->http_base_url();
    std::string token = fetch_token(base, kScopes);
};

} // namespace

TEST_CASE_METHOD(Fixture, "data: an unknown route is 404 client unknown", "[data]") {
    Response r = get_data(base, "/nowhere/v3/students", token);
    CHECK(r.status == 404);
    CHECK(error_of(r) == "The requested client is unknown");
    CHECK_FALSE(r.json()->getValue<std::string>("error_id").empty());
}

TEST_CASE_METHOD(Fixture, "data: unknown paths are 404 endpoint not found", "[data]") {
    for (const char *path : {"/demo/v3", "/demo/v3/", "/demo/v3/nothing", "/demo/v3/students/abc",
                             "/demo/v3/students/101/extra", "/demo/v2/students", "/demo/v3/academics"}) {
        INFO(path);
        Response r = get_data(base, path, token);
        CHECK(r.status == 404);
        CHECK(error_of(r) == "The requested endpoint wasn't found");
    }
}

TEST_CASE_METHOD(Fixture, "data: methods other than GET are 405", "[data]") {
    Call call;
    call.method = "POST";
    call.path = "/demo/v3/students";
    call.headers = {{"Authorization", "Bearer " + token}};
    Response r = send(base, call);
    CHECK(r.status == 405);
    CHECK(error_of(r) == "Request Method Not Allowed");
}

TEST_CASE_METHOD(Fixture, "data: Accept must allow JSON unless the path ends in .json", "[data]") {
    auto with_accept = [&](const std::string &path, const std::string &accept) {
        return get(base, path, {{"Authorization", "Bearer " + token}, {"Accept", accept}});
    };
    Response html = with_accept("/demo/v3/students", "text/html");
    CHECK(html.status == 406);
    CHECK(error_of(html) == "The requested content type isn't supported");
    CHECK(with_accept("/demo/v3/students", "application/json;q=0").status == 406);
    CHECK(with_accept("/demo/v3/students.json", "text/html").status == 200);
    CHECK(with_accept("/demo/v3/students/101.json", "text/html").status == 200);
    CHECK(with_accept("/demo/v3/students", "text/html, application/*;q=0.5").status == 200);
    CHECK(with_accept("/demo/v3/students", "*/*").status == 200);
    CHECK(get(base, "/demo/v3/students", {{"Authorization", "Bearer " + token}}).status == 200);

    Response encoding = get(base, "/demo/v3/students",
                            {{"Authorization", "Bearer " + token}, {"Accept-Encoding", "gzip, identity;q=0, *;q=0"}});
    CHECK(encoding.status == 406);
    CHECK(error_of(encoding) == "The requested encoding isn't supported");
    CHECK(get(base, "/demo/v3/students", {{"Authorization", "Bearer " + token}, {"Accept-Encoding", "gzip"}}).status ==
          200);
}

TEST_CASE_METHOD(Fixture, "data: each documented 401", "[data]") {
    auto check_401 = [&](const Response &r, const std::string &text) {
        INFO(r.body);
        CHECK(r.status == 401);
        CHECK(error_of(r) == text);
        CHECK_FALSE(r.headers.has("X-Rate-Limit-Limit")); // refused before the rate limit
    };
    check_401(get(base, "/demo/v3/students", {{"Accept", "application/json"}}),
              "An authorization header with a bearer token is required");
    check_401(get(base, "/demo/v3/students", {{"Authorization", "Basic " + token}}),
              "An authorization header with a bearer token is required");
    check_401(get_data(base, "/demo/v3/students", std::string(64, 'f')), "The provided access token is unknown");
    // Tokens belong to one school.
    const std::string other = fetch_token(base, "students:list", "other");
    check_401(get_data(base, "/demo/v3/students", other), "The provided access token is unknown");
    CHECK(get_data(base, "/other/v3/students", other).status == 200);

    check_401(get_data(base, "/demo/v3/academics/classes/3000", token),
              "The provided access token is missing a required scope: academics.classes:read");
    const std::string limited = fetch_token(base, "students:list", "demo", kLimitedClientId, kLimitedSecret);
    check_401(get_data(base, "/demo/v3/students/101", limited),
              "The provided access token is missing a required scope: students:read");

    sim->expire_tokens("demo");
    check_401(get_data(base, "/demo/v3/students", token), "The provided access token has expired");
    const std::string fresh = fetch_token(base, kScopes);
    CHECK(get_data(base, "/demo/v3/students", fresh).status == 200);
    sim->revoke_all_tokens("demo");
    check_401(get_data(base, "/demo/v3/students", fresh), "The provided access token has been revoked");
    CHECK(get_data(base, "/other/v3/students", other).status == 200); // other routes keep theirs
}

TEST_CASE_METHOD(Fixture, "data: unknown query parameters are 400 naming them", "[data]") {
    Response r = get_data(base, "/demo/v3/students?household_id=1&grade_level=20&foo=1&foo=2", token);
    CHECK(r.status == 400);
    CHECK(error_of(r) == "Unknown parameters were provided: grade_level, foo");
    CHECK(r.header("X-Rate-Limit-Limit") == "300");
    CHECK_FALSE(r.headers.has("X-API-Revision"));
    // Reads take no parameters at all.
    CHECK(error_of(get_data(base, "/demo/v3/students/101?household_id=1", token)) ==
          "Unknown parameters were provided: household_id");
}

TEST_CASE_METHOD(Fixture, "data: page headers out of range or not integers are 400", "[data]") {
    auto with = [&](const std::string &name, const std::string &value) {
        return get_data(base, "/demo/v3/students", token, {{name, value}});
    };
    for (const char *size : {"0", "1001", "-5", "abc", "10.5", ""}) {
        INFO(size);
        Response r = with("X-Page-Size", size);
        CHECK(r.status == 400);
        CHECK(error_of(r) == "Invalid page size");
    }
    for (const char *page : {"0", "x", "-1"}) {
        INFO(page);
        Response r = with("X-Page-Number", page);
        CHECK(r.status == 400);
        CHECK(error_of(r) == "Invalid page number");
    }
    CHECK(with("X-Page-Size", "1000").status == 200);
    CHECK(with("X-Page-Size", " 1 ").status == 200);
}

TEST_CASE_METHOD(Fixture, "data: list and read envelopes, read shapes, missing records", "[data]") {
    Response list = get_data(base, "/demo/v3/students", token);
    REQUIRE(list.status == 200);
    CHECK(list.header("Content-Type") == "application/json; charset=utf-8");
    CHECK(list.header("X-API-Revision") == "2026-09-23");
    CHECK(ids_of(list) == std::vector<std::int64_t>{101, 102, 103, 104, 105});
    auto first = list.json()->getArray("data")->getObject(0);
    CHECK(first->getObject("campus")->getValue<int>("id") == 1);
    CHECK(first->isNull("email_1"));
    CHECK_FALSE(list.json()->has("value_lists"));

    Response read = get_data(base, "/demo/v3/students/102", token);
    REQUIRE(read.status == 200);
    auto record = read.json()->getObject("data");
    CHECK(record->getValue<std::int64_t>("id") == 102);
    CHECK(record->getValue<int>("campus") == 1); // the read shape

    Response classes = get_data(base, "/demo/v3/academics/classes", token);
    CHECK(ids_of(classes) == std::vector<std::int64_t>{3000, 3001, 3002});

    Response missing = get_data(base, "/demo/v3/students/999", token);
    CHECK(missing.status == 404);
    CHECK(error_of(missing) == "The requested record wasn't found");
    CHECK(missing.header("X-Rate-Limit-Remaining") != "");
}

TEST_CASE_METHOD(Fixture, "data: value_lists only with X-API-Value-Lists: include", "[data]") {
    Response with = get_data(base, "/demo/v3/students", token, {{"X-API-Value-Lists", "include"}});
    auto lists = with.json()->getArray("value_lists");
    REQUIRE(lists);
    auto list = lists->getObject(0);
    CHECK(list->getArray("fields")->getElement<std::string>(0) == "grade_level");
    CHECK(list->getArray("items")->getObject(0)->getValue<std::string>("description") == "Kindergarten");
    CHECK(get_data(base, "/demo/v3/students/101", token, {{"X-API-Value-Lists", "include"}})
              .json()
              ->has("value_lists"));
    CHECK_FALSE(get_data(base, "/demo/v3/students", token, {{"X-API-Value-Lists", "exclude"}}).json()->has("value_lists"));
    // A resource without value lists gives an empty array.
    CHECK(get_data(base, "/demo/v3/academics/classes", token, {{"X-API-Value-Lists", "include"}})
              .json()
              ->getArray("value_lists")
              ->size() == 0);
}

TEST_CASE("data: pagination ends with a short page, and pages past the end are empty", "[data]") {
    auto sim = start_simulator({}, {make_school("demo", 250)});
    const auto base = sim->http_base_url();
    const std::string token = fetch_token(base, "students:list");
    auto page = [&](int number, const char *size = nullptr) {
        Fields headers{{"X-Page-Number", std::to_string(number)}};
        if (size) headers.emplace_back("X-Page-Size", size);
        return ids_of(get_data(base, "/demo/v3/students", token, headers));
    };
    CHECK(page(1).size() == 100); // default size
    CHECK(page(2).front() == 201);
    CHECK(page(3).size() == 50);
    CHECK(page(4).empty());
    CHECK(page(1000000).empty());
    CHECK(page(1, "1000").size() == 250);
    CHECK(page(2, "125").size() == 125);
    CHECK(page(3, "125").empty());
    CHECK(page(250, "1") == std::vector<std::int64_t>{350});
    CHECK_FALSE(get_data(base, "/demo/v3/students", token).headers.has("X-Total-Count"));
}

TEST_CASE_METHOD(Fixture, "data: filters", "[data]") {
    auto ids = [&](const std::string &query, const std::string &path = "/demo/v3/students") {
        Response r = get_data(base, path + "?" + query, token);
        INFO(query << " -> " << r.body);
        REQUIRE(r.status == 200);
        return ids_of(r);
    };
    using V = std::vector<std::int64_t>;
    // Students i = 0..4: household 1 + i % 3, teacher 7 + i % 2, modified 2026-01-(1+i)T12:00Z, entry 2025-08-(1+i).
    CHECK(ids("household_id=1") == V{101, 104});
    CHECK(ids("household_id=1;3") == V{101, 103, 104});
    CHECK(ids("household_id=2&homeroom_teacher_id=8") == V{102});
    CHECK(ids("homeroom_teacher_id=7") == V{101, 103, 105});
    CHECK(ids("household_id=99").empty());
    CHECK(ids("on_or_after_last_modified_date=2026-01-03") == V{103, 104, 105});
    CHECK(ids("on_or_before_last_modified_date=2026-01-03") == V{101, 102, 103}); // the whole day
    CHECK(ids("on_or_after_last_modified_date=2026-01-03T12:00:00Z") == V{103, 104, 105});
    CHECK(ids("on_or_after_last_modified_date=2026-01-03T12:00:01Z") == V{104, 105});
    CHECK(ids("on_or_after_last_modified_date=2026-01-03T14:00:00%2B02:00") == V{103, 104, 105});
    CHECK(ids("on_or_after_last_modified_date=2026-01-02&on_or_before_last_modified_date=2026-01-04") ==
          V{102, 103, 104});
    CHECK(ids("on_or_before_entry_date=2025-08-02") == V{101, 102});
    CHECK(ids("parent_portal_visibility=false", "/demo/v3/academics/classes") == V{3001});
    CHECK(ids("school_year=2025;2026&parent_portal_visibility=true", "/demo/v3/academics/classes") == V{3000, 3002});

    Response bad = get_data(base, "/demo/v3/students?on_or_after_last_modified_date=yesterday", token);
    CHECK(bad.status == 400);
    CHECK(error_of(bad) == "Invalid value for parameter: on_or_after_last_modified_date");
}

TEST_CASE_METHOD(Fixture, "data: records_selected counts what the pages of a list request hold together", "[data]") {
    using Q = std::vector<std::pair<std::string, std::string>>;
    CHECK(sim->records_selected("demo", "students", {}) == ids_of(get_data(base, "/demo/v3/students", token)).size());
    CHECK(sim->records_selected("demo", "students", Q{{"household_id", "1;3"}}) == 3);
    CHECK(sim->records_selected("demo", "academics/classes", Q{{"parent_portal_visibility", "false"}}) == 1);
    CHECK_THROWS_AS(sim->records_selected("demo", "nothing", {}), std::invalid_argument);
    CHECK_THROWS_AS(sim->records_selected("nowhere", "students", {}), std::invalid_argument);
}

TEST_CASE_METHOD(Fixture, "data: mutate_school changes what is served", "[data]") {
    sim->mutate_school("demo", [](vcsim::School &school) {
        auto &records = school.resources.at("students").records;
        records.front()->set("first_name", std::string("Renamed"));
        Poco::JSON::Object::Ptr added = new Poco::JSON::Object;
        added->set("id", 100);
        added->set("household_id", 1);
        records.push_back(added); // out of order on purpose
    });
    Response r = get_data(base, "/demo/v3/students?household_id=1", token);
    CHECK(ids_of(r) == std::vector<std::int64_t>{100, 101, 104});
    CHECK(r.json()->getArray("data")->getObject(1)->getValue<std::string>("first_name") == "Renamed");
    std::size_t count = 0;
    sim->read_school("demo", [&](const vcsim::School &school) { count = school.resources.at("students").records.size(); });
    CHECK(count == 6);
    CHECK_THROWS(sim->mutate_school("nowhere", [](vcsim::School &) {}));
}

TEST_CASE_METHOD(Fixture, "data: bodies are the records' stringify joined, also after a change", "[data]") {
    // Pages join texts rendered when the index was built: they must be the
    // bytes Poco writes for the records served now.
    auto stringify = [](const auto &json) {
        std::ostringstream out;
        json.stringify(out);
        return out.str();
    };
    auto expected = [&](const std::vector<std::size_t> &rows, bool value_lists) {
        std::string text = "{\"data\":[";
        sim->read_school("demo", [&](const vcsim::School &school) {
            const vcsim::Resource &students = school.resources.at("students");
            for (std::size_t row : rows) text += (row == rows.front() ? "" : ",") + stringify(*students.records.at(row));
            text += "]";
            if (value_lists) text += ",\"value_lists\":" + stringify(*students.value_lists);
        });
        return text + "}";
    };
    const Fields page_2 = {{"X-Page-Size", "2"}, {"X-Page-Number", "2"}, {"X-API-Value-Lists", "include"}};
    CHECK(get_data(base, "/demo/v3/students", token, page_2).body == expected({2, 3}, true));
    CHECK(get_data(base, "/demo/v3/students?household_id=1", token).body == expected({0, 3}, false));

    sim->mutate_school("demo", [](vcsim::School &school) {
        school.resources.at("students").records.at(3)->set("first_name", std::string("Renamed \"R\"/"));
    });
    const std::string changed = get_data(base, "/demo/v3/students", token, page_2).body;
    CHECK(changed == expected({2, 3}, true));
    CHECK(changed.find("Renamed") != std::string::npos); // the index was rebuilt
    CHECK(get_data(base, "/demo/v3/students?household_id=1", token).body == expected({0, 3}, false));
}

TEST_CASE_METHOD(Fixture, "data: counters by resource", "[data]") {
    get_data(base, "/demo/v3/students", token);
    get_data(base, "/demo/v3/students/101.json", token);
    get_data(base, "/demo/v3/academics/classes", token);
    const vcsim::Counters counters = sim->counters();
    CHECK(counters.token_requests == 1);
    CHECK(counters.data_requests == 3);
    CHECK(counters.data_requests_by_resource.at("students") == 2);
    CHECK(counters.data_requests_by_resource.at("academics/classes") == 1);
    CHECK(counters.requests == 4);
    sim->reset_counters();
    CHECK(sim->counters().requests == 0);
}

// Whole and in order only: how fast the simulator serves is bench/'s
// (scripts/bench.sh imports 20,000 students through it), not a test's.
TEST_CASE("data: the most data requests answered at once counts those that overlap, not those one after another", "[data]") {
    vcsim::Options options;
    options.latency = std::chrono::milliseconds(1000); // three sent together overlap, on a loaded machine too
    auto sim = start_simulator(options);
    const auto base = sim->http_base_url();
    const std::string token = fetch_token(base, kScopes);
    std::vector<std::thread> together;
    for (int i = 0; i < 3; ++i) together.emplace_back([&] { get_data(base, "/demo/v3/students", token); });
    for (auto &t : together) t.join();
    CHECK(sim->counters().most_data_requests_at_once == 3);
    get_data(base, "/demo/v3/students", token); // alone: the most stays 3
    get_data(base, "/demo/v3/students", token);
    CHECK(sim->counters().most_data_requests_at_once == 3);
    CHECK(sim->counters().data_requests == 5);
}

TEST_CASE("data: a 20000-record resource comes whole in pages of 1000", "[data]") {
    vcsim::School school = make_school("demo", 0);
    auto &records = school.resources.at("students").records;
    for (int i = 0; i < 20000; ++i) {
        Poco::JSON::Object::Ptr record = new Poco::JSON::Object(true);
        record->set("id", 1 + i);
        record->set("first_name", "Student" + std::to_string(i));
        record->set("last_name", "Lastname");
        record->set("household_id", i / 2);
        record->set("email_1", "student" + std::to_string(i) + "@example.org");
        record->set("last_modified_date", std::string("2026-01-01T00:00:00Z"));
        records.push_back(record);
    }
    auto sim = start_simulator({}, {std::move(school)});
    const auto base = sim->http_base_url();
    const std::string token = fetch_token(base, "students:list");
    std::vector<std::int64_t> all;
    for (int page = 1; page <= 21; ++page) {
        const auto ids = ids_of(get_data(base, "/demo/v3/students", token,
                                         {{"X-Page-Number", std::to_string(page)}, {"X-Page-Size", "1000"}}));
        CHECK(ids.size() == (page <= 20 ? 1000u : 0u));
        all.insert(all.end(), ids.begin(), ids.end());
    }
    REQUIRE(all.size() == 20000);
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i] != static_cast<std::int64_t>(i + 1)) FAIL("record " << i << " has id " << all[i]);
    CHECK(ids_of(get_data(base, "/demo/v3/students?household_id=5000", token)) == std::vector<std::int64_t>{10001, 10002});
}

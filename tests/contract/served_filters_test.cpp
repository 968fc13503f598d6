// The simulator takes exactly the documented query parameters, as Veracross
// does: each documented filter is accepted and filters as documented; any
// other parameter gets 400 "Unknown parameters were provided: <names>".
#include "contract.hpp"
#include "record_filter.hpp"
#include "served_school.hpp"
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

namespace {

using contract::endpoints;

std::string encoded(const std::string &text) {
    std::string out;
    Poco::URI::encode(text, "&=+;#%", out);
    return out;
}

// A value of the right type for a documented parameter.
std::string sample_value(const std::string &name, const std::string &type) {
    if (vcsim::is_date_filter(name)) return "2025-09-01";
    if (type == "boolean") return "true";
    if (type == "number") return "1";
    return "2025-09-01T00:00:00Z"; // last_modified_date and parents' role (text)
}

} // namespace

TEST_CASE("the generated school's filters are exactly the documented parameters", "[contract]") {
    const vcsim::School school = vcsim::generate_school({"filters", 2, 50});
    for (const auto &[path, endpoint] : endpoints()) {
        CAPTURE(path);
        std::set<std::string> documented, served;
        for (const auto &[name, type] : endpoint.list->query) documented.insert(name);
        for (const auto &[name, field] : school.resources.at(path).filters) served.insert(name);
        CHECK(served == documented);
        CHECK(school.resources.at(path).readable == endpoint.read.has_value());
    }
}

TEST_CASE("the simulator accepts every documented parameter and refuses every other one", "[contract]") {
    vcsim::School school = vcsim::generate_school({"demo", 2, 50});
    auto &app = school.apps.at(0);
    std::string scopes;
    for (const auto &[path, endpoint] : endpoints()) {
        app.enabled_scopes.insert(endpoint.scope + ":list");
        scopes += endpoint.scope + ":list ";
    }
    vcsim::Options options;
    options.rate_limit.limit = 100000; // hundreds of requests on one token
    const auto sim = simtest::start_simulator(options, {school});
    const std::string base = sim->http_base_url();
    const std::string token = simtest::fetch_token(base, scopes, "demo", app.client_id, app.client_secret);

    // Every parameter some documented endpoint has: each endpoint refuses the ones it lacks.
    std::set<std::string> all_parameters = {"not_a_filter"};
    for (const auto &[path, endpoint] : endpoints())
        for (const auto &[name, type] : endpoint.list->query) all_parameters.insert(name);

    for (const auto &[path, endpoint] : endpoints()) {
        const auto &query = endpoint.list->query;
        for (const std::string &name : all_parameters) {
            CAPTURE(path, name);
            const auto documented = query.find(name);
            const std::string value =
                sample_value(name, documented != query.end() ? documented->second : std::string("number"));
            const auto r = simtest::get_data(base, "/demo/v3/" + path + "?" + name + "=" + encoded(value), token);
            if (documented != query.end()) {
                INFO(r.body);
                CHECK(r.status == 200);
            } else {
                CHECK(r.status == 400);
                CHECK(r.json()->getValue<std::string>("error") == "Unknown parameters were provided: " + name);
            }
        }
    }
}

TEST_CASE("each documented equality filter keeps exactly the matching records", "[contract]") {
    vcsim::School school = vcsim::generate_school({"demo", 4, 200});
    auto &app = school.apps.at(0);
    std::string scopes;
    for (const auto &[path, endpoint] : endpoints()) {
        app.enabled_scopes.insert(endpoint.scope + ":list");
        scopes += endpoint.scope + ":list ";
    }
    vcsim::Options options;
    options.rate_limit.limit = 100000; // hundreds of requests on one token
    const auto sim = simtest::start_simulator(options, {school});
    const std::string base = sim->http_base_url();
    const std::string token = simtest::fetch_token(base, scopes, "demo", app.client_id, app.client_secret);
    const std::string unlisted = "unlisted:";

    for (const auto &[path, endpoint] : endpoints()) {
        const vcsim::Resource &resource = school.resources.at(path);
        for (const auto &[name, field] : resource.filters) {
            if (field.empty() || vcsim::is_date_filter(name)) continue;
            CAPTURE(path, name);
            // Each record's value of the filtered field, as text.
            std::vector<std::optional<std::string>> values;
            for (const auto &record : resource.records) {
                if (field.compare(0, unlisted.size(), unlisted) == 0) {
                    const auto &kept = resource.unlisted.at(field.substr(unlisted.size()));
                    const auto found = kept.find(record->getValue<std::int64_t>("id"));
                    values.push_back(found == kept.end() ? std::nullopt : std::optional<std::string>(found->second));
                } else {
                    values.push_back(vcsim::field_text(*record, field));
                }
            }
            std::optional<std::string> probe;
            for (const auto &v : values)
                if (v && !probe) probe = v;
            if (!probe) continue; // no record has a value (e.g. employee_code): nothing to compare
            const bool negated = vcsim::ends_with(name, "_not");
            std::set<std::string> expected;
            for (std::size_t i = 0; i < values.size(); ++i)
                if ((values[i] == probe) != negated) expected.insert(resource.records[i]->get("id").toString());
            std::set<std::string> got;
            for (int page = 1;; ++page) {
                const auto r = simtest::get_data(base, "/demo/v3/" + path + "?" + name + "=" + encoded(*probe),
                                                 token, {{"X-Page-Size", "1000"}, {"X-Page-Number", std::to_string(page)}});
                REQUIRE(r.status == 200);
                const auto data = r.json()->getArray("data");
                for (const auto &record : *data)
                    got.insert(record.extract<Poco::JSON::Object::Ptr>()->get("id").toString());
                if (data->size() < 1000) break;
            }
            CHECK(got == expected);
            CHECK(!got.empty());
        }
    }
}

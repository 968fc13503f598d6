// Every record and value list the simulator serves fits Veracross's
// published schema: no invented field, the documented types and nesting.
#include "contract.hpp"
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

namespace {

using contract::endpoints;

struct Served {
    vcsim::School school;
    std::unique_ptr<vcsim::Simulator> sim;
    std::string token;
};

// A generated school served over HTTP, with a token for every documented scope.
Served serve(vcsim::SchoolSpec spec) {
    Served s{vcsim::generate_school(spec), nullptr, ""};
    auto &app = s.school.apps.at(0);
    std::string scopes;
    for (const auto &[path, endpoint] : endpoints())
        for (const char *kind : {":list", ":read"})
            if ((kind[1] == 'l' ? endpoint.list : endpoint.read)) {
                app.enabled_scopes.insert(endpoint.scope + kind);
                scopes += endpoint.scope + kind + " ";
            }
    s.sim = simtest::start_simulator({}, {s.school});
    s.token = simtest::fetch_token(s.sim->http_base_url(), scopes, spec.route, app.client_id, app.client_secret);
    return s;
}

std::vector<std::string> value_list_misfits(const Poco::JSON::Array::Ptr &lists, const contract::Operation &op) {
    std::vector<std::string> out;
    if (!lists) return {"value_lists missing"};
    for (const auto &entry : *lists)
        for (const auto &field : *entry.extract<Poco::JSON::Object::Ptr>()->getArray("fields"))
            if (!op.value_list_fields.count(field.toString()))
                out.push_back("value list field " + field.toString() + " is not documented for " + op.name);
    return out;
}

} // namespace

TEST_CASE("every list record and value list the simulator serves fits the published schema", "[contract]") {
    for (const vcsim::SchoolSpec &spec : {vcsim::SchoolSpec{"small", 3, 50}, vcsim::SchoolSpec{"larger", 11, 600}}) {
        const Served s = serve(spec);
        for (const auto &[path, endpoint] : endpoints()) {
            CAPTURE(spec.route, path);
            REQUIRE(endpoint.list);
            std::size_t seen = 0;
            for (int page = 1;; ++page) {
                const auto r = simtest::get_data(s.sim->http_base_url(), "/" + spec.route + "/v3/" + path, s.token,
                                                 {{"X-Page-Size", "1000"}, {"X-Page-Number", std::to_string(page)},
                                                  {"X-API-Value-Lists", "include"}});
                REQUIRE(r.status == 200);
                const auto body = r.json();
                const auto data = body->getArray("data");
                REQUIRE(data);
                for (const auto &problem : value_list_misfits(body->getArray("value_lists"), *endpoint.list))
                    FAIL_CHECK(problem);
                for (const auto &record : *data)
                    for (const auto &problem :
                         contract::misfits(*endpoint.list->record, *record.extract<Poco::JSON::Object::Ptr>()))
                        FAIL_CHECK(problem);
                seen += data->size();
                if (data->size() < 1000) break;
            }
            CHECK(seen == s.school.resources.at(path).records.size());
            CHECK(seen > 0);
        }
    }
}

TEST_CASE("every read the simulator serves fits the published schema, and undocumented reads are refused",
          "[contract]") {
    const Served s = serve({"reads", 5, 200});
    for (const auto &[path, endpoint] : endpoints()) {
        CAPTURE(path);
        const auto &records = s.school.resources.at(path).records;
        REQUIRE(!records.empty());
        for (std::size_t i : {std::size_t{0}, records.size() / 2, records.size() - 1}) {
            const std::string id = records[i]->get("id").toString();
            const auto r = simtest::get_data(s.sim->http_base_url(), "/reads/v3/" + path + "/" + id, s.token,
                                             {{"X-API-Value-Lists", "include"}});
            if (!endpoint.read) { // no read operation is published: the path does not exist
                CHECK(r.status == 404);
                CHECK(r.body.find("The requested endpoint wasn't found") != std::string::npos);
                continue;
            }
            REQUIRE(r.status == 200);
            const auto body = r.json();
            for (const auto &problem : contract::misfits(*endpoint.read->record, *body->getObject("data")))
                FAIL_CHECK(problem);
            for (const auto &problem : value_list_misfits(body->getArray("value_lists"), *endpoint.read))
                FAIL_CHECK(problem);
        }
    }
}

TEST_CASE("the checker finds invented fields, wrong types and wrong nesting", "[contract]") {
    const auto &schedules = *endpoints().at("academics/class_schedules").list->record;
    Poco::JSON::Object good;
    good.set("id", 1);
    Poco::JSON::Object::Ptr day = new Poco::JSON::Object;
    day->set("id", 2);
    good.set("day", day);
    good.set("start_time", "1900-01-01T08:00:00Z");
    CHECK(contract::misfits(schedules, good).empty());

    Poco::JSON::Object invented = good;
    invented.set("last_modified_date", "2025-01-01T00:00:00Z");
    CHECK(contract::misfits(schedules, invented) ==
          std::vector<std::string>{"last_modified_date: not in the published schema"});
    Poco::JSON::Object flat = good;
    flat.set("day", 2);
    CHECK(contract::misfits(schedules, flat) == std::vector<std::string>{"day: should be an object"});
    Poco::JSON::Object clock = good;
    clock.set("start_time", "08:00");
    CHECK(contract::misfits(schedules, clock).size() == 1);
    Poco::JSON::Object::Ptr odd_day = new Poco::JSON::Object;
    odd_day->set("id", "Monday");
    odd_day->set("weekday", true);
    Poco::JSON::Object nested = good;
    nested.set("day", odd_day);
    CHECK(contract::misfits(schedules, nested).size() == 2);
}

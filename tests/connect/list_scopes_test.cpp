// list_scopes through the C ABI: the manifest's scopes with their purposes,
// and after a connect on the same instance, which are granted.
#include "plugin_harness.hpp"
#include "sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

using namespace connect_test;

TEST_CASE("list_scopes before and after connect") {
    SimFixture f;
    auto scopes = import_scopes();
    scopes.erase("students:read");
    f.set_scopes(scopes);
    PluginInstance p(f.config("imports"));

    const Outcome before = p.list_scopes();
    INFO(before.json);
    REQUIRE(before.status == SIS_OK);
    CHECK(before.doc->getValue<std::string>("integration_type") == "imports");
    CHECK_FALSE(before.doc->getValue<bool>("checked"));
    auto rows = before.doc->getArray("scopes");
    REQUIRE(rows->size() == 16);
    CHECK(rows->getObject(0)->getValue<std::string>("scope") == "staff_faculty:list");
    CHECK(rows->getObject(0)->getValue<bool>("required"));
    CHECK_FALSE(rows->getObject(0)->has("granted"));
    CHECK_FALSE(rows->getObject(15)->getValue<bool>("required"));
    CHECK(f.sim->counters().requests == 0);

    REQUIRE(p.connect().status == SIS_MISSING_SCOPES);
    const Outcome after = p.list_scopes();
    INFO(after.json);
    REQUIRE(after.status == SIS_OK);
    CHECK(after.doc->getValue<bool>("checked"));
    rows = after.doc->getArray("scopes");
    for (std::size_t i = 0; i < rows->size(); ++i) {
        const auto row = rows->getObject(i);
        const std::string scope = row->getValue<std::string>("scope");
        CHECK(row->getValue<bool>("granted") == (scope != "students:read" && import_scopes().count(scope)));
    }
    CHECK(after.doc->getArray("missing_scopes")->size() == 1);
    CHECK(after.doc->getArray("missing_optional_scopes")->size() == 2);
    check_schema_keys(before.doc, "list_scopes_result.schema.json");
    check_schema_keys(after.doc, "list_scopes_result.schema.json");

    const Outcome sso = p.list_scopes(R"({"integration_type":"sso"})");
    REQUIRE(sso.status == SIS_OK);
    CHECK_FALSE(sso.doc->getArray("scopes")->getObject(0)->has("granted")); // never asked
    check_no_secret(sso);
}

TEST_CASE("list_scopes refuses a request it cannot read, naming the field") {
    SimFixture f;
    PluginInstance p(f.config("imports"));
    for (const char *bad : {"[1]", "{\"integration_type\":7}", "{\"integration_type\":\"grades\"}",
                            "{\"colour\":\"red\"}", "{"}) {
        INFO(bad);
        const Outcome o = p.list_scopes(bad);
        CHECK(o.status == SIS_INVALID_CONFIG);
        CHECK(o.doc->getValue<std::string>("field") == "integration_type");
    }
}

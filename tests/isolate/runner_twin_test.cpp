// Issue 19.6, the twin-library proof through runners: two toy plugins linked
// against two incompatible builds of libtwin (1 and 2), loaded own_process
// into this test, which is linked against a third (3): each reaches its own
// build, this host keeps its own, and the Veracross plugin loaded into this
// process beside them works.
#include "abi11_fixture.hpp"
#include "runner_fixture.hpp"

#include "sis_host/plugin.hpp"

#include <catch2/catch.hpp>

extern "C" int twin_build(void);

using sis_host::Binding;

TEST_CASE("runner twins: two plugins on two builds of one library each reach their own through runners") {
    REQUIRE(twin_build() == 3); // this host's own build
    auto a = sis_host::Plugin::load(ISO_PLUGIN_A, Binding::own_process);
    auto b = sis_host::Plugin::load(ISO_PLUGIN_B, Binding::own_process);
    CHECK(a->in_own_process());
    CHECK(a->describe().json == R"({"twin_build":1})");
    CHECK(b->describe().json == R"({"twin_build":2})");
    CHECK(twin_build() == 3);
    // The control: the same plugin in this process reaches the host's build
    // (so the check above can fail).
    CHECK(sis_host::Plugin::load(ISO_PLUGIN_A)->describe().json == R"({"twin_build":3})");
}

TEST_CASE("runner twins: the Veracross plugin in process beside two runners is unaffected") {
    auto a = sis_host::Plugin::load(ISO_PLUGIN_A, Binding::own_process);
    auto b = sis_host::Plugin::load(ISO_PLUGIN_B, Binding::own_process);
    auto v = isolate_test::veracross(Binding::host_first);
    REQUIRE_FALSE(v.plugin->in_own_process());
    sis_host::CallResult error;
    auto instance = sis_host::Instance::create(v.plugin, abi11::offline_config(), nullptr, error);
    INFO(error.json);
    REQUIRE(instance);
    const auto scopes = instance->list_scopes();
    CHECK(scopes.ok());
    CHECK_THAT(scopes.json, Catch::Contains("students:list"));
    // And the toys' instances answer through their runners as they do in process.
    auto toy = sis_host::Instance::create(a, "{}", nullptr, error);
    CHECK_FALSE(toy);
    CHECK(error.status == SIS_UNSUPPORTED);
    CHECK(b->describe().json == R"({"twin_build":2})");
}

// Issue 19.6: the registry (hot swap) with Binding::own_process: versions
// load through runners from their private copies, and instances run in
// runners of their own, each its own process.
#include "abi11_fixture.hpp"
#include "runner_fixture.hpp"

#include "sis_host/registry.hpp"

#include <catch2/catch.hpp>

TEST_CASE("runner registry: a registry with own_process serves instances each in a runner of its own") {
    (void)isolate_test::veracross; // names the runner (runner_fixture.cpp)
    sis_host::RegistryOptions options;
    options.binding = sis_host::Binding::own_process;
    sis_host::Registry registry(SIS_PLUGIN_DIR, options);
    const auto problems = registry.load_all();
    CHECK(problems.empty());
    const auto version = registry.get("veracross");
    REQUIRE(version);
    sis_host::CallResult error;
    auto first = version->create(abi11::offline_config(), nullptr, error);
    auto second = version->create(abi11::offline_config(), nullptr, error);
    INFO(error.json);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->process_id() > 0);
    CHECK(second->process_id() != first->process_id());
    CHECK(version->users() == 2);
    const auto scopes = first->list_scopes();
    CHECK(scopes.ok());
    CHECK_THAT(scopes.json, Catch::Contains("students:list"));
    // The runner loaded the version's private copy, not the folder's file.
    CHECK(first->plugin().path() == version->library_copy());
}

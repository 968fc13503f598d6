// Issue 19, versions both ways: a plugin built against the 1.0 header (kept
// as a fixture) loads and works in this 1.1 host helper, which never reaches
// past its short table; and the Veracross plugin serves 1.1 to this host.
#include "abi11_fixture.hpp"

#include <catch2/catch.hpp>

using namespace abi11;

TEST_CASE("versions: a plugin built against the 1.0 header works in the 1.1 host") {
    auto old = sis_host::Plugin::load(PLUGIN_1_0);
    CHECK(old->table().abi_minor == 0u);
    CHECK(old->table().struct_size == SIS_PLUGIN_TABLE_SIZE_1_0);
    CHECK_FALSE(old->has_destroy_checked());
    CHECK_FALSE(old->has_cancel());
    CHECK(old->extension("sis.result_sink/1") == nullptr);
    sis_host::CallResult err;
    sis_host_services host{};
    host.struct_size = sizeof host;
    host.abi_major = SIS_ABI_MAJOR;
    host.abi_minor = SIS_ABI_MINOR;
    auto inst = sis_host::Instance::create(old, "{}", &host, err);
    REQUIRE(inst);
    const auto r = inst->connect();
    CHECK(r.status == SIS_OK);
    CHECK_THAT(r.json, Catch::Contains("a 1.0 plugin"));
    CHECK_FALSE(inst->cancel()); // 1.0 has no cancel: the host is told, nothing is called
}

TEST_CASE("versions: the Veracross plugin serves ABI 1.1 with every 1.1 function") {
    auto c = veracross_plugin();
    CHECK(c.plugin->table().abi_minor == 1u);
    CHECK(c.plugin->has_destroy_checked());
    CHECK(c.plugin->has_cancel());
    CHECK(sis_version_is_compatible(SIS_ABI_MAJOR, c.plugin->table().abi_major));
    CHECK_FALSE(sis_version_is_compatible(2, c.plugin->table().abi_major));
}

// Issue 19, isolation: a plugin's symbols bind to its own libraries, never to
// the host's or another plugin's. Two toy plugins linked against two builds
// of libtwin (1 and 2), loaded side by side into this test, which is linked
// against a third (3): each reaches its own build when loaded own_first.
// And the default binding keeps a C++ plugin working in a C++ host.
#include "abi11_fixture.hpp"
#include "sis_host/plugin.hpp"

#include <catch2/catch.hpp>

#include <dlfcn.h>

extern "C" int twin_build(void);

namespace {
std::string twin_of(const std::shared_ptr<sis_host::Plugin> &p) { return p->describe().json; }
} // namespace

TEST_CASE("isolation: two plugins on two builds of one library each reach their own and not the host's") {
    if (!sis_host::kDeepBindAvailable) {
        WARN("sanitizer build: RTLD_DEEPBIND is off, isolation not tested");
        return;
    }
    REQUIRE(twin_build() == 3); // the host's own build
    auto a = sis_host::Plugin::load(ISO_PLUGIN_A, sis_host::Binding::own_first);
    auto b = sis_host::Plugin::load(ISO_PLUGIN_B, sis_host::Binding::own_first);
    CHECK(twin_of(a) == R"({"twin_build":1})");
    CHECK(twin_of(b) == R"({"twin_build":2})");
    CHECK(twin_build() == 3);
}

TEST_CASE("isolation: without RTLD_DEEPBIND the same plugin binds to the host's build (the test can fail)") {
    void *lib = dlopen(ISO_PLUGIN_A, RTLD_NOW | RTLD_LOCAL);
    REQUIRE(lib);
    auto entry = reinterpret_cast<sis_plugin_entry_fn>(dlsym(lib, SIS_PLUGIN_ENTRY_SYMBOL));
    REQUIRE(entry);
    char *out = nullptr;
    REQUIRE(entry(SIS_ABI_MAJOR)->describe(&out) == SIS_OK);
    CHECK(std::string(out) == R"({"twin_build":3})");
    entry(SIS_ABI_MAJOR)->free_string(out);
    dlclose(lib);
}

// The bug that broke every Veracross instance in these tests: loaded with
// RTLD_DEEPBIND into this C++ executable (which holds a copy of
// std::ctype<char>::id), the plugin's std::regex threw bad_cast in create.
TEST_CASE("isolation: the default binding keeps the C++ runtime shared so a C++ plugin works in a C++ host") {
    auto plugin = sis_host::Plugin::load(std::string(SIS_PLUGIN_DIR) + "/libveracross_plugin.so");
    const auto &t = plugin->table();
    sis_instance *inst = nullptr;
    char *out = nullptr;
    const std::string config = abi11::offline_config(); // its school_domain is checked with std::regex
    const sis_status s = t.create(config.c_str(), nullptr, &inst, &out);
    INFO((out ? out : ""));
    CHECK(s == SIS_OK);
    t.free_string(out);
    if (inst) CHECK(t.destroy_checked(inst) == SIS_OK);
}

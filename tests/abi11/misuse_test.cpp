// Issue 19, "no crash from misuse": one test per row of the issue's table,
// each against the Veracross plugin through its C table as any host calls
// it. Every misuse is answered with a status (invalid_argument or busy, the
// host-bug statuses), never a crash, and the plugin stays usable.
#include "abi11_fixture.hpp"

#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

using namespace abi11;

namespace {

// The status and error JSON of one call; the string freed.
std::pair<sis_status, std::string> scopes(const sis_plugin_table &t, sis_instance *inst) {
    char *out = nullptr;
    const sis_status s = t.list_scopes(inst, nullptr, &out);
    std::string json = out ? out : "";
    CHECK(t.free_string_checked(out) == SIS_OK);
    return {s, json};
}

} // namespace

TEST_CASE("misuse: a call after destroy is invalid_argument and not a use after free") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    sis_instance *inst = create_instance(t);
    REQUIRE(scopes(t, inst).first == SIS_OK);
    REQUIRE(t.destroy_checked(inst) == SIS_OK);
    const auto r = scopes(t, inst);
    CHECK(r.first == SIS_INVALID_ARGUMENT);
    CHECK_THAT(r.second, Catch::Contains(R"("status":"invalid_argument")") && Catch::Contains("already destroyed"));
    char *out = nullptr;
    CHECK(t.connect(inst, &out) == SIS_INVALID_ARGUMENT);
    t.free_string(out);
    CHECK(t.cancel(inst) == SIS_INVALID_ARGUMENT);
}

TEST_CASE("misuse: destroy twice is answered and a 1.0 host's double destroy is harmless") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    sis_instance *inst = create_instance(t);
    CHECK(t.destroy_checked(inst) == SIS_OK);
    CHECK(t.destroy_checked(inst) == SIS_INVALID_ARGUMENT);
    sis_instance *old_style = create_instance(t);
    t.destroy(old_style);
    t.destroy(old_style); // a 1.0 host's double destroy: ignored
    CHECK(t.destroy_checked(old_style) == SIS_INVALID_ARGUMENT);
}

TEST_CASE("misuse: garbage handles are invalid_argument") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    int on_stack = 42;
    for (sis_instance *garbage : {reinterpret_cast<sis_instance *>(&on_stack),
                                  reinterpret_cast<sis_instance *>(std::uintptr_t(0xdeadbeef)),
                                  reinterpret_cast<sis_instance *>(std::uintptr_t(0x15)), // a plausible id
                                  static_cast<sis_instance *>(nullptr)}) {
        CHECK(scopes(t, garbage).first == SIS_INVALID_ARGUMENT);
        CHECK(t.destroy_checked(garbage) == SIS_INVALID_ARGUMENT);
        t.destroy(garbage);
    }
    CHECK(on_stack == 42);
}

TEST_CASE("misuse: free_string twice or on host memory is refused and not an abort") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    char *out = nullptr;
    REQUIRE(t.describe(&out) == SIS_OK);
    CHECK(t.free_string_checked(out) == SIS_OK);
    CHECK(t.free_string_checked(out) == SIS_INVALID_ARGUMENT); // twice
    t.free_string(out);                                        // a 1.0 host's second free: ignored
    char host_text[] = "the host's own";
    CHECK(t.free_string_checked(host_text) == SIS_INVALID_ARGUMENT);
    t.free_string(host_text);
    CHECK(std::strcmp(host_text, "the host's own") == 0);
    char *heap = static_cast<char *>(std::malloc(8));
    CHECK(t.free_string_checked(heap) == SIS_INVALID_ARGUMENT); // the host's malloc: still the host's
    std::free(heap);
    CHECK(t.free_string_checked(nullptr) == SIS_INVALID_ARGUMENT);
}

TEST_CASE("misuse: host_services sizes below 1.0's or inside a member are refused at create") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    const std::string config = offline_config();
    sis_host_services host{};
    for (std::uint32_t size : {0u, 4u, 8u, 28u, 39u, 41u, 52u}) {
        INFO("struct_size " << size);
        host.struct_size = size;
        sis_instance *inst = nullptr;
        char *out = nullptr;
        CHECK(t.create(config.c_str(), &host, &inst, &out) == SIS_INVALID_ARGUMENT);
        CHECK(inst == nullptr);
        REQUIRE(out);
        CHECK_THAT(std::string(out), Catch::Contains("bad_host_services") && Catch::Contains("struct_size"));
        t.free_string(out);
    }
    for (std::uint32_t size : {40u, 44u, 48u, 56u, 64u}) { // 1.0, member ends, 1.1, a newer host's
        INFO("struct_size " << size);
        host.struct_size = size;
        CHECK(t.destroy_checked(create_instance(t, config, &host)) == SIS_OK);
    }
}

TEST_CASE("misuse: a host that says another ABI major is refused at create") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    sis_host_services host{};
    host.struct_size = sizeof host;
    host.abi_major = 2;
    host.abi_minor = 0;
    sis_instance *inst = nullptr;
    char *out = nullptr;
    CHECK(t.create(offline_config().c_str(), &host, &inst, &out) == SIS_INVALID_ARGUMENT);
    REQUIRE(out);
    CHECK_THAT(std::string(out), Catch::Contains("ABI 2.0") && Catch::Contains("1.x"));
    t.free_string(out);
}

TEST_CASE("misuse: overlapping calls on one instance are busy and the call in flight is unharmed") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    hardening::HostileServer silent(hardening::HostileServer::Transport::tls, read_then_silence());
    sis_instance *inst = create_instance(t, config_for(silent.base_url(), silent.base_url()));
    const std::string event = event_json();
    char *first_out = nullptr;
    std::thread first([&] { (void)t.import_event(inst, event.c_str(), &first_out); });
    REQUIRE(wait_for_requests(silent, 1));
    // Four overlapping calls, from four threads, all while the first is in flight.
    std::vector<sis_status> got(4, SIS_OK);
    std::vector<std::string> json(4);
    std::vector<std::thread> others;
    for (int i = 0; i < 4; ++i)
        others.emplace_back([&, i] {
            char *out = nullptr;
            switch (i) {
            case 0: got[i] = t.connect(inst, &out); break;
            case 1: got[i] = t.list_scopes(inst, nullptr, &out); break;
            case 2: got[i] = t.import_event(inst, event.c_str(), &out); break;
            default: got[i] = t.sso(inst, R"({"action":"begin"})", &out); break;
            }
            json[i] = out ? out : "";
            t.free_string(out);
        });
    for (auto &o : others) o.join();
    for (int i = 0; i < 4; ++i) {
        CHECK(got[i] == SIS_BUSY);
        CHECK_THAT(json[i], Catch::Contains(R"("status":"busy")"));
    }
    CHECK(t.destroy_checked(inst) == SIS_BUSY); // nothing destroyed under a call
    CHECK(t.cancel(inst) == SIS_OK);
    first.join();
    REQUIRE(first_out);
    CHECK_THAT(std::string(first_out), Catch::Contains(R"("status":"cancelled")"));
    t.free_string(first_out);
    CHECK(scopes(t, inst).first == SIS_OK); // usable again
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

TEST_CASE("misuse: the entry honours the host's major") {
    auto c = veracross_plugin();
    void *lib = dlopen((std::string(SIS_PLUGIN_DIR) + "/libveracross_plugin.so").c_str(), RTLD_NOW | RTLD_LOCAL);
    REQUIRE(lib);
    auto entry = reinterpret_cast<sis_plugin_entry_fn>(dlsym(lib, SIS_PLUGIN_ENTRY_SYMBOL));
    REQUIRE(entry);
    CHECK(entry(0) == nullptr);
    CHECK(entry(2) == nullptr);
    const sis_plugin_table *t = entry(1);
    REQUIRE(t);
    CHECK(t->abi_major == 1u);
    CHECK(t->abi_minor == SIS_ABI_MINOR);
    CHECK(t->struct_size == sizeof(sis_plugin_table));
    dlclose(lib);
}

// Destroy racing calls and cancels made from other threads (what the TSan
// stage of CI runs): each is answered ok, busy or, once the instance is
// gone, invalid_argument; never a crash, a hang or a data race.
TEST_CASE("race: destroy against calls and cancels from other threads is answered and never a crash") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    for (int round = 0; round < 10; ++round) {
        sis_instance *inst = create_instance(t);
        std::atomic<int> unexpected{0};
        std::vector<std::thread> callers;
        for (int i = 0; i < 3; ++i)
            callers.emplace_back([&, i] {
                for (;;) { // until the instance is gone
                    sis_status s;
                    if (i == 0) {
                        s = t.cancel(inst);
                    } else {
                        char *out = nullptr;
                        s = t.list_scopes(inst, nullptr, &out);
                        t.free_string(out);
                    }
                    if (s == SIS_INVALID_ARGUMENT) return;
                    if (s != SIS_OK && s != SIS_BUSY && s != SIS_CANCELLED) ++unexpected;
                }
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        sis_status destroyed;
        while ((destroyed = t.destroy_checked(inst)) == SIS_BUSY) std::this_thread::yield();
        CHECK(destroyed == SIS_OK);
        for (auto &caller : callers) caller.join();
        CHECK(unexpected == 0);
        CHECK(t.destroy_checked(inst) == SIS_INVALID_ARGUMENT);
    }
}

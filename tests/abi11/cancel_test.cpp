// Issue 19, cancel from any thread: cancel interrupts the I/O in flight, so
// an import stops at once at any point (a TCP connect that never completes,
// the TLS handshake, waiting for the token, a slow body, waiting for a Data
// API page; a name lookup in http_cancel_test.cpp), though the request
// timeout is 30 s, and sends nothing more; the instance stays usable; no
// thread of the plugin outlives destroy.
#include "abi11_fixture.hpp"
#include "sim_fixture.hpp"

#include <Poco/JSON/Parser.h>

#include "sis_ext/result_sink.h"

#include <catch2/catch.hpp>

#include <dirent.h>

#include <thread>

using namespace abi11;

namespace {

// Threads of this process now.
int thread_count() {
    int n = 0;
    if (DIR *d = opendir("/proc/self/task")) {
        while (dirent *e = readdir(d))
            if (e->d_name[0] != '.') ++n;
        closedir(d);
    }
    return n;
}

// Starts an import, waits until `server` holds it, cancels from this thread
// and returns how long (ms) the import took to return after the cancel.
// Checks that nothing was sent after the cancel (no retry, no next request).
long long cancel_held_import(const sis_plugin_table &t, sis_instance *inst,
                                             const hardening::HostileServer &server, std::size_t requests) {
    const std::string event = event_json();
    sis_status status = SIS_OK;
    std::string json;
    Clock::time_point returned;
    std::thread importer([&] {
        char *out = nullptr;
        status = t.import_event(inst, event.c_str(), &out);
        returned = Clock::now();
        json = out ? out : "";
        t.free_string(out);
    });
    const bool held = wait_for_requests(server, requests);
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // well inside the wait
    const auto connections = server.connections();
    const auto sent = server.requests().size();
    const auto cancelled_at = Clock::now();
    CHECK(t.cancel(inst) == SIS_OK);
    importer.join();
    REQUIRE(held);
    CHECK(status == SIS_CANCELLED);
    CHECK_THAT(json, Catch::Contains(R"("status":"cancelled")"));
    // A request from a plugin thread still running would show by now.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(server.connections() == connections);
    CHECK(server.requests().size() == sent);
    return std::chrono::duration_cast<std::chrono::milliseconds>(returned - cancelled_at).count();
}

} // namespace

TEST_CASE("cancel: an import stuck in the TLS handshake stops at once and sends nothing more") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    hardening::HostileServer mute(hardening::HostileServer::Transport::plain, silence());
    const std::string url = mute.base_url("https");
    sis_instance *inst = create_instance(t, config_for(url, url));
    CHECK(cancel_held_import(t, inst, mute, 0) < kCancelBound.count());
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

TEST_CASE("cancel: an import stuck in a TCP connect that never completes stops at once and the instance stays usable") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    FullListener full;
    const std::string url = "https://127.0.0.1:" + std::to_string(full.port());
    sis_instance *inst = create_instance(t, config_for(url, url));
    for (int round = 1; round <= 2; ++round) { // the second: the instance still works
        INFO("round " << round);
        sis_status status = SIS_OK;
        Clock::time_point returned;
        std::thread importer([&] {
            char *out = nullptr;
            status = t.import_event(inst, event_json().c_str(), &out);
            returned = Clock::now();
            t.free_string(out);
        });
        const auto until = Clock::now() + std::chrono::seconds(10);
        while (full.connecting() < 1 && Clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        const bool held = full.connecting() == 1;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto cancelled_at = Clock::now();
        CHECK(t.cancel(inst) == SIS_OK);
        importer.join();
        REQUIRE(held);
        CHECK(status == SIS_CANCELLED);
        CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(returned - cancelled_at).count() <
              kCancelBound.count());
        // Its socket is gone and no other connect started.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CHECK(full.connecting() == 0);
    }
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

TEST_CASE("cancel: an import reading a slow body stops at once and sends nothing more") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    hardening::HostileServer slow(hardening::HostileServer::Transport::tls,
                                  hardening::trickled_body(std::chrono::milliseconds(20)));
    sis_instance *inst = create_instance(t, config_for(slow.base_url(), slow.base_url()));
    CHECK(cancel_held_import(t, inst, slow, 1) < kCancelBound.count());
    CHECK(slow.bytes_sent() > 0);
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

TEST_CASE("cancel: an import waiting for its token stops at once and the instance stays usable") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    hardening::HostileServer silent(hardening::HostileServer::Transport::tls, read_then_silence());
    sis_instance *inst = create_instance(t, config_for(silent.base_url(), silent.base_url()));
    CHECK(cancel_held_import(t, inst, silent, 1) < kCancelBound.count());
    // The cancel was spent on that call: the next one runs (reaches the server) and can be cancelled too.
    CHECK(cancel_held_import(t, inst, silent, 2) < kCancelBound.count());
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

TEST_CASE("cancel: an import waiting for a Data API page stops at once and sends nothing more") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    connect_test::SimFixture sim; // the token comes from the simulator
    hardening::HostileServer silent(hardening::HostileServer::Transport::tls, read_then_silence());
    Poco::JSON::Object overrides;
    overrides.set("api_base_url", silent.base_url());
    overrides.set("timeout_seconds", 30);
    sis_instance *inst = create_instance(t, sim.config("imports", overrides));
    CHECK(cancel_held_import(t, inst, silent, 1) < kCancelBound.count());
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

namespace {

// The test event with a previous result of about 90 MB (a million people):
// reading it takes over a second even in the plain build.
std::string event_with_large_previous() {
    std::string event = event_json();
    event.pop_back();
    event += R"(,"full_import":true,"previous":{"people":[)";
    for (int i = 0; i < 1000000; ++i)
        event += (i ? ",{\"id\":\"" : "{\"id\":\"") + std::to_string(i) +
                 R"(","kind":"parent","display_name":"Parent )" + std::to_string(i) + R"(","email":null})";
    event += "]}}";
    return event;
}

// An import_event call on a thread of its own: its status and when it returned.
struct BackgroundImport {
    BackgroundImport(const sis_plugin_table &t, sis_instance *inst, const std::string &event)
        : thread([this, &t, inst, &event] {
              char *out = nullptr;
              status = t.import_event(inst, event.c_str(), &out);
              returned = Clock::now();
              t.free_string(out);
          }) {}
    ~BackgroundImport() { wait(); } // a failed REQUIRE leaves the import to end by itself
    void wait() {
        if (thread.joinable()) thread.join();
    }
    sis_status status = SIS_OK;
    Clock::time_point returned;
    std::thread thread; // last: it starts once the members it writes exist
};

} // namespace

TEST_CASE("cancel: an import still reading a large previous result stops at once") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    connect_test::SimFixture sim; // the token comes from the simulator at once
    sis_instance *inst = create_instance(t, sim.config());
    const std::string event = event_with_large_previous();
    BackgroundImport import(t, inst, event);
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the token is in; the reading is not done
    const auto cancelled_at = Clock::now();
    CHECK(t.cancel(inst) == SIS_OK);
    import.wait();
    CHECK(import.status == SIS_CANCELLED);
    CHECK(import.returned > cancelled_at); // it was still reading
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(import.returned - cancelled_at).count() < kCancelBound.count());
    CHECK(sim.sim->counters().data_requests == 0); // nothing fetched for an import cancelled before its fetch
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

TEST_CASE("cancel: an import reading a large previous result's lists beside its fetch stops at once") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    connect_test::SimFixture sim;
    sis_instance *inst = create_instance(t, sim.config());
    const std::string event = event_with_large_previous();
    BackgroundImport import(t, inst, event);
    // The fetch has begun: the cursor is read, the people are still being read.
    const auto give_up = Clock::now() + std::chrono::seconds(120);
    while (sim.sim->counters().data_requests == 0 && Clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(sim.sim->counters().data_requests > 0);
    const auto cancelled_at = Clock::now();
    CHECK(t.cancel(inst) == SIS_OK);
    import.wait();
    CHECK(import.status == SIS_CANCELLED);
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(import.returned - cancelled_at).count() < kCancelBound.count());
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

TEST_CASE("cancel: a cancel made before any call cancels the next call") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    hardening::HostileServer silent(hardening::HostileServer::Transport::tls, read_then_silence());
    sis_instance *inst = create_instance(t, config_for(silent.base_url(), silent.base_url()));
    REQUIRE(t.cancel(inst) == SIS_OK);
    char *out = nullptr;
    const auto start = Clock::now();
    CHECK(t.import_event(inst, event_json().c_str(), &out) == SIS_CANCELLED);
    CHECK(Clock::now() - start < kCancelBound);
    CHECK(silent.connections() == 0); // cancelled before it reached the network
    t.free_string(out);
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

// Whether the process's thread count satisfies `ok` within 5 s.
template <class Ok> bool thread_count_reaches(Ok ok) {
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (!ok(thread_count()) && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return ok(thread_count());
}

TEST_CASE("destroy: no thread of the plugin outlives it") {
    auto c = veracross_plugin();
    const auto &t = c.plugin->table();
    // ThreadSanitizer starts a thread of its own at the process's first
    // pthread_create: start and join one first so `before` includes it.
    std::thread([] {}).join();
    const int before = thread_count();
    {
        // The server's threads (acceptor, one per connection) live until it
        // is stopped: the plugin's are counted while the server's stay put.
        hardening::HostileServer silent(hardening::HostileServer::Transport::tls, read_then_silence());
        const std::string url = silent.base_url();
        sis_instance *inst = create_instance(t, config_for(url, url));
        cancel_held_import(t, inst, silent, 1); // starts the deadline watch's thread
        const int with_instance = thread_count();
        CHECK(t.destroy_checked(inst) == SIS_OK);
        // A thread joined by destroy may take a moment to leave /proc on a
        // loaded machine: wait for it, bounded, then check.
        CHECK(thread_count_reaches([&](int n) { return n < with_instance; }));
    }
    CHECK(thread_count_reaches([&](int n) { return n == before; }));
}

TEST_CASE("extension: the result sink gets the import's answer in chunks and unknown ids are NULL") {
    auto c = veracross_plugin();
    CHECK(c.plugin->extension("sis.no_such_thing/1") == nullptr);
    CHECK(c.plugin->extension("sis.result_sink/2") == nullptr); // a version it does not have
    CHECK(c.plugin->extension(nullptr) == nullptr);
    auto ext = static_cast<const sis_result_sink_ext *>(c.plugin->extension(SIS_EXT_RESULT_SINK));
    REQUIRE(ext);
    REQUIRE(ext->struct_size >= sizeof(sis_result_sink_ext));
    const auto &t = c.plugin->table();
    sis_instance *inst = create_instance(t, offline_config());
    struct Got {
        std::string text;
        int chunks = 0;
    } got;
    sis_result_sink sink{};
    sink.struct_size = sizeof sink;
    sink.user_data = &got;
    sink.write = [](void *u, const char *bytes, uint64_t size) -> int32_t {
        auto *g = static_cast<Got *>(u);
        g->text.append(bytes, size);
        ++g->chunks;
        return 0;
    };
    char *out = nullptr;
    // A bad event: the error comes back as JSON, the sink hears nothing.
    CHECK(ext->import_event_to_sink(inst, "not json", &sink, &out) == SIS_INVALID_CONFIG);
    REQUIRE(out);
    t.free_string(out);
    CHECK(got.chunks == 0);
    CHECK(ext->import_event_to_sink(inst, event_json().c_str(), nullptr, &out) == SIS_INVALID_ARGUMENT);
    t.free_string(out);
    CHECK(t.destroy_checked(inst) == SIS_OK);

    // A whole import: the chunks make the document import_event returns.
    connect_test::SimFixture sim;
    inst = create_instance(t, sim.config("imports"));
    REQUIRE(ext->import_event_to_sink(inst, event_json().c_str(), &sink, &out) == SIS_OK);
    CHECK(out == nullptr);
    REQUIRE(t.import_event(inst, event_json().c_str(), &out) == SIS_OK);
    const std::string whole = out;
    t.free_string(out);
    // Two imports of one school: the same document but for its run's stats
    // (seconds) and the cursor's since (the time of the run).
    REQUIRE(got.text.size() > 65536); // more than one chunk
    CHECK(got.chunks == static_cast<int>((got.text.size() + 65535) / 65536));
    const auto without_run = [](const std::string &j) {
        auto o = Poco::JSON::Parser().parse(j).extract<Poco::JSON::Object::Ptr>();
        o->remove("stats");
        o->remove("cursor");
        std::ostringstream text;
        o->stringify(text);
        return text.str();
    };
    CHECK(without_run(got.text) == without_run(whole));
    CHECK(t.destroy_checked(inst) == SIS_OK);
}

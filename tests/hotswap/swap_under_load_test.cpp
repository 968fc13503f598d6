// Hot swap while threads call the plugins without pause: no call fails,
// every answer comes wholly from one version, each old version's library
// leaves the process once its calls have drained, broken builds dropped in
// meanwhile are refused while the old version serves on, and the stub
// plugin beside Veracross serves throughout, untouched by the swaps.
#include "connect/sim_fixture.hpp"
#include "live_folder.hpp"
#include "loaded_images.hpp"

#include "sis_host/registry.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

using namespace hotswap_test;
namespace fs = boost::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kConnectThreads = 3;
constexpr int kSwaps = 24;

Poco::JSON::Object::Ptr parsed(const std::string &json) {
    try {
        return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        return nullptr;
    }
}

std::string string_in(const std::string &json, const std::string &name) {
    const auto object = parsed(json);
    return object ? object->optValue<std::string>(name, "") : "";
}

// What the calling threads saw. Catch2 assertions are not thread-safe: the
// threads record, the test thread checks.
class CallRecord {
public:
    void ok(const std::string &version) {
        std::lock_guard<std::mutex> lock(mutex_);
        ++ok_[version];
    }
    void failed(const std::string &what) {
        std::lock_guard<std::mutex> lock(mutex_);
        failures_.push_back(what);
    }
    long ok_on(const std::string &version) {
        std::lock_guard<std::mutex> lock(mutex_);
        return ok_[version];
    }
    std::vector<std::string> failures() {
        std::lock_guard<std::mutex> lock(mutex_);
        return failures_;
    }

private:
    std::mutex mutex_;
    std::map<std::string, long> ok_;
    std::vector<std::string> failures_;
};

// A connect on a fresh instance of whatever version is current, checked to
// have been answered by that version alone: the instance runs the library
// of the version it was made from, and that library still describes itself
// as that version after the connect.
void connect_once(const sis_host::Registry &registry, const std::string &config, CallRecord &record) {
    auto version = registry.get("veracross");
    const std::string expected = version->version();
    sis_host::CallResult result;
    auto instance = version->create(config, nullptr, result);
    if (!instance) return record.failed("create on " + expected + ": " + result.json);
    if (&instance->plugin() != version->plugin().get())
        return record.failed("the instance of " + expected + " runs another library");
    version.reset(); // from here only the instance keeps its version loaded
    result = instance->connect();
    const auto answer = parsed(result.json);
    if (!result.ok() || !answer || !answer->optValue<bool>("ok", false))
        return record.failed("connect on " + expected + ": " + result.json);
    const std::string answered = string_in(instance->plugin().describe().json, "version");
    if (answered != expected)
        return record.failed("an instance of " + expected + " described itself as " + answered);
    record.ok(expected);
}

// describe of whatever version is current, against what it said at load.
void describe_once(const sis_host::Registry &registry, CallRecord &record) {
    const auto version = registry.get("veracross");
    const auto result = version->plugin()->describe();
    if (!result.ok() || result.json != version->describe_json() ||
        string_in(result.json, "version") != version->version())
        return record.failed("describe of " + version->version() + ": " + result.json);
    record.ok("describe");
}

// A connect on the stub plugin, loaded beside Veracross and never swapped.
void stub_once(const sis_host::Registry &registry, const sis_host::PluginVersion *loaded, CallRecord &record) {
    const auto version = registry.get("stub");
    if (version.get() != loaded) return record.failed("the stub plugin was reloaded by a swap of veracross");
    sis_host::CallResult result;
    auto instance = version->create("{}", nullptr, result);
    if (!instance) return record.failed("create on stub: " + result.json);
    result = instance->connect();
    if (!result.ok() || string_in(result.json, "plugin") != "stub")
        return record.failed("connect on stub: " + result.json);
    record.ok("stub");
}

// Waits (up to 20 s) until one more `what` call succeeded than `before`.
bool one_more_call(CallRecord &record, const std::string &what, long before) {
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (record.ok_on(what) == before && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return record.ok_on(what) > before;
}

template <class T> T median(std::vector<T> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

} // namespace

TEST_CASE("Hot swap under load: threads call without pause through 24 swaps and no call fails") {
    connect_test::SimFixture sim;
    const std::string config = sim.config();
    LiveFolder folder;
    folder.drop_veracross("9.0.1");
    folder.drop_stub();
    UnloadLog unloads;
    sis_host::Registry registry(folder.dir(), unloads.options(folder.copy_root()));
    REQUIRE(registry.load_all().empty());
    REQUIRE(registry.ids() == std::vector<std::string>{"stub", "veracross"});
    const sis_host::PluginVersion *const stub = registry.get("stub").get();
    const fs::path stub_copy = stub->library_copy();

    CallRecord record;
    std::atomic<bool> stop{false};
    std::vector<std::thread> callers;
    for (int i = 0; i < kConnectThreads; ++i)
        callers.emplace_back([&] {
            while (!stop) connect_once(registry, config, record);
        });
    callers.emplace_back([&] {
        while (!stop) describe_once(registry, record);
    });
    callers.emplace_back([&] {
        while (!stop) stub_once(registry, stub, record);
    });

    std::vector<Clock::duration> latencies;
    std::vector<long> drained;
    std::vector<fs::path> draining; // copies of old versions not unloaded yet
    std::size_t most_loaded = 1;
    int refused = 0;
    // Once a drained version is reported unloaded, its image must be gone from the process.
    const auto check_unloaded = [&](std::chrono::seconds wait) {
        for (auto it = draining.begin(); it != draining.end();) {
            if (!unloads.wait_for(*it, wait)) {
                ++it;
                continue;
            }
            CHECK_FALSE(is_mapped(*it));
            CHECK_FALSE(fs::exists(*it));
            it = draining.erase(it);
        }
    };
    // No image from the copies folder but the current versions and those draining.
    const auto check_images = [&](const fs::path &current) {
        for (const auto &image : mapped_under(folder.copy_root())) {
            INFO(image);
            CHECK((image == current || image == stub_copy ||
                   std::find(draining.begin(), draining.end(), image) != draining.end()));
        }
    };
    const std::string versions[] = {"9.0.1", "9.0.2"};
    for (int swap = 1; swap <= kSwaps && record.failures().empty(); ++swap) {
        // A call on the current version first: it serves before the next swap
        // lands among the calls in flight.
        const std::string current = versions[(swap - 1) % 2], next = versions[swap % 2];
        const long before = record.ok_on(current);
        REQUIRE(one_more_call(record, current, before));
        const fs::path serving = registry.get("veracross")->library_copy();

        if (swap % 8 == 0) {
            // A broken build of the next version first, among the calls: refused,
            // and the serving version answers the calls that follow.
            INFO("refused build at swap " << swap);
            if (swap % 16 == 0) // loads, but describes itself as the serving version
                folder.drop_broken_veracross(read_file(veracross_build(current) / "libveracross_plugin.so"), next);
            else // a library cut short: refused before it is loaded
                folder.drop_broken_veracross(
                    read_file(veracross_build(next) / "libveracross_plugin.so").substr(0, 1 << 20), next);
            CHECK_THROWS_AS(registry.reload("veracross"), sis_host::LoadError);
            ++refused;
            CHECK(registry.get("veracross")->library_copy() == serving);
            REQUIRE(one_more_call(record, current, record.ok_on(current)));
            check_images(serving);
        }

        draining.push_back(serving);
        folder.drop_veracross(next);
        const sis_host::SwapReport report = registry.reload("veracross");
        REQUIRE(report.old_version == current);
        REQUIRE(report.new_version == next);
        latencies.push_back(report.took);
        drained.push_back(report.users_of_old);
        most_loaded = std::max(most_loaded, draining.size() + 1);
        check_unloaded(std::chrono::seconds(0));
        check_images(registry.get("veracross")->library_copy());
    }
    stop = true;
    for (auto &t : callers) t.join();
    check_unloaded(std::chrono::seconds(20));
    CHECK(draining.empty());

    const auto failures = record.failures();
    INFO((failures.empty() ? std::string() : failures.front()));
    CHECK(failures.empty());
    CHECK(latencies.size() == static_cast<std::size_t>(kSwaps));
    CHECK(refused == kSwaps / 8);
    CHECK(record.ok_on("9.0.1") > 0);
    CHECK(record.ok_on("9.0.2") > 0);
    CHECK(record.ok_on("describe") > 0);
    CHECK(record.ok_on("stub") > 0);
    // Swaps met calls in flight, which drained on the old version.
    CHECK(std::count_if(drained.begin(), drained.end(), [](long n) { return n > 0; }) > 0);
    // Nothing left over: of every version loaded, only the current ones are
    // mapped, and their copies are all that is left in the copies folder.
    const fs::path current_copy = registry.get("veracross")->library_copy();
    CHECK(unloads.all().size() == static_cast<std::size_t>(kSwaps)); // a refused build was never served
    CHECK(mapped_under(folder.copy_root()) == std::set<fs::path>{current_copy, stub_copy});
    for (fs::directory_iterator it(current_copy.parent_path()), end; it != end; ++it)
        CHECK((it->path() == current_copy || it->path() == stub_copy || it->path().filename() == ".lock"));
    CHECK(registry.get("stub").get() == stub);
    // No file of the copies folder is left open but the run's lock.
    const auto open_files = open_under(folder.copy_root());
    CHECK(open_files.size() == 1);
    for (const auto &file : open_files) CHECK(file.filename() == ".lock");

    long drained_total = 0;
    for (long n : drained) drained_total += n;
    std::cout << "hot swap: " << kSwaps << " swaps (and " << refused << " broken builds refused) under "
              << kConnectThreads + 2 << " calling threads: swap latency median " << ms(median(latencies))
              << " ms, max " << ms(*std::max_element(latencies.begin(), latencies.end())) << " ms; "
              << record.ok_on("9.0.1") + record.ok_on("9.0.2") << " connects, " << record.ok_on("describe")
              << " describes and " << record.ok_on("stub") << " stub connects, " << failures.size()
              << " failed; calls drained per swap median " << median(drained) << ", max "
              << *std::max_element(drained.begin(), drained.end()) << ", total " << drained_total << "; up to "
              << most_loaded << " versions loaded at once\n";
}

// Hot swap while threads call the plugin without pause: no call fails,
// every answer comes wholly from one version, and each old version's
// library leaves the process once its calls have drained.
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

std::string version_in(const std::string &describe_json) {
    return Poco::JSON::Parser().parse(describe_json).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>(
        "version", "");
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
// have been answered by that version alone.
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
    if (!result.ok()) return record.failed("connect on " + expected + ": " + result.json);
    const std::string answered = version_in(instance->plugin().describe().json);
    if (answered != expected)
        return record.failed("an instance of " + expected + " described itself as " + answered);
    record.ok(expected);
}

// describe of whatever version is current, against what it said at load.
void describe_once(const sis_host::Registry &registry, CallRecord &record) {
    const auto version = registry.get("veracross");
    const auto result = version->plugin()->describe();
    if (!result.ok() || result.json != version->describe_json() || version_in(result.json) != version->version())
        return record.failed("describe of " + version->version() + ": " + result.json);
    record.ok("describe");
}

Clock::duration median(std::vector<Clock::duration> values) {
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
    UnloadLog unloads;
    sis_host::Registry registry(folder.dir(), unloads.options(folder.copy_root()));
    REQUIRE(registry.load_all().empty());

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

    std::vector<Clock::duration> latencies;
    std::vector<long> drained;
    std::vector<fs::path> draining; // copies of old versions not unloaded yet
    std::size_t most_loaded = 1;
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
    const std::string versions[] = {"9.0.1", "9.0.2"};
    for (int swap = 1; swap <= kSwaps && record.failures().empty(); ++swap) {
        // A call on the current version first: it serves before the next swap
        // lands among the calls in flight.
        const std::string current = versions[(swap - 1) % 2], next = versions[swap % 2];
        const long before = record.ok_on(current);
        const auto deadline = Clock::now() + std::chrono::seconds(20);
        while (record.ok_on(current) == before && Clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        REQUIRE(record.ok_on(current) > before);

        draining.push_back(registry.get("veracross")->library_copy());
        folder.drop_veracross(next);
        const sis_host::SwapReport report = registry.reload("veracross");
        REQUIRE(report.old_version == current);
        REQUIRE(report.new_version == next);
        latencies.push_back(report.took);
        drained.push_back(report.users_of_old);
        most_loaded = std::max(most_loaded, draining.size() + 1);
        check_unloaded(std::chrono::seconds(0));
    }
    stop = true;
    for (auto &t : callers) t.join();
    check_unloaded(std::chrono::seconds(20));
    CHECK(draining.empty());

    const auto failures = record.failures();
    INFO((failures.empty() ? std::string() : failures.front()));
    CHECK(failures.empty());
    CHECK(latencies.size() == static_cast<std::size_t>(kSwaps));
    CHECK(record.ok_on("9.0.1") > 0);
    CHECK(record.ok_on("9.0.2") > 0);
    CHECK(record.ok_on("describe") > 0);
    // Swaps met calls in flight, which drained on the old version.
    CHECK(std::count_if(drained.begin(), drained.end(), [](long n) { return n > 0; }) > 0);
    const fs::path current_copy = registry.get("veracross")->library_copy();
    CHECK(unloads.all().size() == static_cast<std::size_t>(kSwaps));
    for (fs::directory_iterator it(current_copy.parent_path()), end; it != end; ++it)
        CHECK((it->path() == current_copy || it->path().filename() == ".lock"));

    std::cout << "hot swap: " << kSwaps << " swaps under " << kConnectThreads + 1
              << " calling threads, swap latency median " << ms(median(latencies)) << " ms (max "
              << ms(*std::max_element(latencies.begin(), latencies.end())) << " ms), "
              << record.ok_on("9.0.1") + record.ok_on("9.0.2") << " connects and " << record.ok_on("describe")
              << " describes, none failed; up to " << most_loaded << " versions loaded at once\n";
}

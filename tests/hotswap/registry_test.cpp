// The registry of the host helper: every plugin of a folder loaded side by
// side, two versions of one plugin at once, private copies that go when
// their library is unloaded, and broken builds refused while the old
// version keeps serving.
#include "connect/sim_fixture.hpp"
#include "live_folder.hpp"
#include "loaded_images.hpp"

#include "sis_host/registry.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <fstream>
#include <random>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace hotswap_test;
namespace fs = boost::filesystem;

namespace {

std::string field(const std::string &json, const std::string &name) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>()->optValue<std::string>(name, "");
}

// The library copies in a registry's run folder.
std::vector<fs::path> copies_in(const fs::path &run) {
    std::vector<fs::path> out;
    for (fs::directory_iterator it(run), end; it != end; ++it)
        if (it->path().extension() == ".so") out.push_back(it->path());
    return out;
}

std::unique_ptr<sis_host::Instance> connected(const sis_host::PluginVersion &version, const std::string &config) {
    sis_host::CallResult error;
    auto instance = version.create(config, nullptr, error);
    INFO(error.json);
    REQUIRE(instance);
    const auto result = instance->connect();
    INFO(result.json);
    CHECK(result.ok());
    return instance;
}

} // namespace

TEST_CASE("Registry: every plugin of the folder loads, Veracross and a stub plugin side by side") {
    connect_test::SimFixture sim;
    LiveFolder folder;
    folder.drop_veracross("9.0.1");
    folder.drop_stub();
    UnloadLog unloads;
    sis_host::Registry registry(folder.dir(), unloads.options(folder.copy_root()));
    REQUIRE(registry.load_all().empty());
    CHECK(registry.ids() == std::vector<std::string>{"stub", "veracross"});
    CHECK_FALSE(registry.get("blackbaud"));

    const auto veracross = registry.get("veracross");
    const auto stub = registry.get("stub");
    CHECK(veracross->version() == "9.0.1");
    CHECK(field(veracross->describe_json(), "version") == "9.0.1");
    CHECK(veracross->manifest().library_path == folder.veracross_library());
    CHECK(stub->version() == "1.0.0");
    CHECK(is_mapped(veracross->library_copy()));
    CHECK(is_mapped(stub->library_copy()));
    CHECK(veracross->library_copy().parent_path() == stub->library_copy().parent_path());
    CHECK_FALSE(is_mapped(folder.veracross_library())); // only ever the private copy

    auto school = connected(*veracross, sim.config());
    auto other = connected(*stub, "{}");
    CHECK(field(other->connect().json, "plugin") == "stub");
    CHECK(school->connect().ok());
}

TEST_CASE("Registry: two versions of one plugin at once, the old one unloaded with its last user") {
    connect_test::SimFixture sim;
    LiveFolder folder;
    folder.drop_veracross("9.0.1");
    UnloadLog unloads;
    sis_host::Registry registry(folder.dir(), unloads.options(folder.copy_root()));
    REQUIRE(registry.load_all().empty());

    auto old_version = registry.get("veracross");
    auto old_instance = connected(*old_version, sim.config());
    const fs::path old_copy = old_version->library_copy();

    folder.drop_veracross("9.0.2");
    const sis_host::SwapReport swap = registry.reload("veracross");
    CHECK(swap.id == "veracross");
    CHECK(swap.old_version == "9.0.1");
    CHECK(swap.new_version == "9.0.2");
    CHECK(swap.users_of_old == 1); // old_instance (old_version is held, but by no call)
    CHECK(old_version->users() == 1);
    CHECK(swap.took > std::chrono::steady_clock::duration::zero());

    const auto new_version = registry.get("veracross");
    CHECK(new_version->version() == "9.0.2");
    CHECK(new_version->library_copy() != old_copy);
    CHECK(is_mapped(old_copy));
    CHECK(is_mapped(new_version->library_copy()));
    auto new_instance = connected(*new_version, sim.config());

    // Each instance answers from the version it was made by.
    CHECK(field(old_instance->plugin().describe().json, "version") == "9.0.1");
    CHECK(field(new_instance->plugin().describe().json, "version") == "9.0.2");
    CHECK(old_instance->connect().ok());

    auto handle = old_version->plugin(); // a call on the old version: one more user
    CHECK(old_version->users() == 2);
    handle.reset();
    CHECK(old_version->users() == 1);
    old_version.reset();
    CHECK(is_mapped(old_copy)); // the instance still holds it
    CHECK(unloads.all().empty());
    old_instance.reset(); // the last user: unloaded on this thread, now
    CHECK_FALSE(is_mapped(old_copy));
    CHECK_FALSE(fs::exists(old_copy));
    REQUIRE(unloads.all().size() == 1);
    CHECK(unloads.all()[0].version == "9.0.1");
    CHECK(copies_in(old_copy.parent_path()) == std::vector<fs::path>{new_version->library_copy()});
    CHECK(new_instance->connect().ok());
}

TEST_CASE("Registry: a broken new build is refused with the reason, the old version keeps serving") {
    connect_test::SimFixture sim;
    LiveFolder folder;
    folder.drop_veracross("9.0.1");
    UnloadLog unloads;
    sis_host::Registry registry(folder.dir(), unloads.options(folder.copy_root()));
    REQUIRE(registry.load_all().empty());
    const fs::path serving_copy = registry.get("veracross")->library_copy();
    const std::string library = folder.veracross_library().string();

    std::string expected;
    SECTION("random bytes") {
        std::mt19937 random(42);
        std::string bytes(64 * 1024, '\0');
        for (auto &b : bytes) b = static_cast<char>(random());
        folder.drop_broken_veracross(bytes, "9.0.2");
        expected = library + ": not a shared library (no ELF header)";
    }
    SECTION("a library cut short, as by a copy still in progress") {
        const std::string whole = read_file(veracross_build("9.0.2") / "libveracross_plugin.so");
        folder.drop_broken_veracross(whole.substr(0, whole.size() / 2), "9.0.2");
        expected = library + ": the library file is incomplete";
    }
    SECTION("a plugin of another ABI major") {
        folder.drop_broken_veracross(read_file(fs::path(TEST_PLUGIN_DIR) / "wrong_old_abi.so"), "9.0.2");
        expected = library + ": ABI major mismatch: plugin has ABI 0.7, this host needs ABI 1.x";
    }
    SECTION("a library older than its manifest") {
        folder.drop_broken_veracross(read_file(veracross_build("9.0.1") / "libveracross_plugin.so"), "9.0.2");
        expected = library + ": describe says version '9.0.1' but manifest " +
                   (folder.dir() / "veracross.yaml").string() + " says '9.0.2'";
    }
    SECTION("a manifest that is not valid YAML") {
        folder.write("veracross.yaml", "id: veracross\nversion: [9.0.2\n");
        expected = "no manifest of plugin 'veracross' in " + folder.dir().string();
    }
    SECTION("two manifests of one plugin") {
        folder.write("veracross-copy.yaml", veracross_manifest("9.0.2"));
        expected = "plugin 'veracross' is also declared by";
    }

    try {
        registry.reload("veracross");
        FAIL("the broken build was loaded");
    } catch (const std::runtime_error &e) {
        CHECK_THAT(e.what(), Catch::Contains(expected));
        CHECK_THAT(e.what(), !Catch::Contains(folder.copy_root().string())); // names the dropped file
    }
    const auto serving = registry.get("veracross");
    CHECK(serving->version() == "9.0.1");
    CHECK(serving->library_copy() == serving_copy);
    CHECK(copies_in(serving_copy.parent_path()) == std::vector<fs::path>{serving_copy}); // nothing left over
    connected(*serving, sim.config());
    CHECK(unloads.all().empty());
}

TEST_CASE("Registry: copies go with the registry, or with the last instance that outlives it") {
    LiveFolder folder;
    folder.drop_stub();
    fs::path copy;
    std::unique_ptr<sis_host::Instance> survivor;
    {
        sis_host::Registry registry(folder.dir(), {folder.copy_root(), nullptr});
        REQUIRE(registry.load_all().empty());
        copy = registry.get("stub")->library_copy();
        sis_host::CallResult error;
        survivor = registry.get("stub")->create("{}", nullptr, error);
        REQUIRE(survivor);
    }
    CHECK(is_mapped(copy));
    CHECK(fs::exists(copy));
    CHECK(survivor->connect().ok());
    survivor.reset();
    CHECK_FALSE(is_mapped(copy));
    CHECK_FALSE(fs::exists(copy.parent_path()));

    {
        sis_host::Registry registry(folder.dir(), {folder.copy_root(), nullptr});
        REQUIRE(registry.load_all().empty());
        copy = registry.get("stub")->library_copy();
    }
    CHECK_FALSE(is_mapped(copy));
    CHECK_FALSE(fs::exists(copy.parent_path()));
}

TEST_CASE("Copy folder: private, one per run, removes a crashed run's copies and keeps a live run's") {
    LiveFolder folder;
    const fs::path root = folder.copy_root();
    sis_host::CopyFolder live(root);
    CHECK(fs::exists(live.path() / ".lock"));
    struct stat st {};
    REQUIRE(::stat(root.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);

    // A run that crashed left its folder, a copy and an unlocked lock file.
    const fs::path crashed = root / "run-crashed";
    fs::create_directories(crashed);
    std::ofstream((crashed / ".lock").string());
    std::ofstream((crashed / "veracross-9.0.1-1.so").string()) << "left over";

    sis_host::CopyFolder next(root);
    CHECK_FALSE(fs::exists(crashed));
    CHECK(fs::exists(live.path()));
    CHECK(next.path() != live.path());

    SECTION("a root others can write to is refused") {
        fs::permissions(root, fs::perms::owner_all | fs::perms::group_write | fs::perms::others_write);
        CHECK_THROWS_WITH(sis_host::CopyFolder(root), Catch::Contains("is not a private folder"));
        fs::permissions(root, fs::perms::owner_all);
    }
    SECTION("a copy is whole and uniquely named") {
        const fs::path library = fs::path(HOTSWAP_BUILD_DIR) / "stub" / "libstub_plugin.so";
        const fs::path a = next.copy(library, "stub-1.0.0");
        const fs::path b = next.copy(library, "stub-1.0.0");
        CHECK(a != b);
        CHECK(a.parent_path() == next.path());
        CHECK(read_file(a) == read_file(library));
        CHECK_THROWS_WITH(next.copy(folder.dir() / "missing.so", "x"),
                          Catch::Contains("missing.so: plugin library file is missing"));
        CHECK_THROWS_WITH(next.copy(folder.dir(), "x"), Catch::Contains("not a regular file"));
        const fs::path fifo = folder.dir() / "fifo.so";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        CHECK_THROWS_WITH(next.copy(fifo, "x"), Catch::Contains("fifo.so: not a regular file")); // not waited on
        CHECK(copies_in(next.path()).size() == 2);
    }
    SECTION("a copy from another filesystem (the plugin folder on one, the copies on another)") {
        // /dev/shm is a memory filesystem on Linux; the copies root is under $TMPDIR.
        struct stat shm {}, copies {};
        REQUIRE(::stat(next.path().c_str(), &copies) == 0);
        if (::stat("/dev/shm", &shm) != 0 || shm.st_dev == copies.st_dev || ::access("/dev/shm", W_OK) != 0) {
            WARN("no writable /dev/shm on a filesystem of its own: not tested here");
            return;
        }
        const fs::path library = fs::path("/dev/shm") / fs::unique_path("hotswap-test-%%%%-%%%%.so");
        std::ofstream(library.string(), std::ios::binary)
            << read_file(fs::path(HOTSWAP_BUILD_DIR) / "stub" / "libstub_plugin.so");
        const fs::path copy = next.copy(library, "stub-1.0.0");
        CHECK(read_file(copy) == read_file(library));
        fs::remove(library);
    }
}

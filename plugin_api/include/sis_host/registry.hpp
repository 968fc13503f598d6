// The plugins a host serves: every plugin named by the manifests in a folder,
// each swappable for a new build while calls run (hot swap).
//
//   sis_host::Registry registry("/srv/pickatime/plugins");
//   for (const auto &problem : registry.load_all()) log(problem);
//   auto veracross = registry.get("veracross");   // the version new calls use
//   auto instance = veracross->create(config_json, services, error);
//   ...
//   registry.reload("veracross");                  // after a new build was dropped in
//
// A call or instance keeps the version it started on: a swap sends only new
// calls to the new build, and the old library is unloaded (and its private
// copy removed) when the last of its users is gone.
#pragma once

#include "sis_host/checked_plugin.hpp"
#include "sis_host/manifest.hpp"
#include "sis_host/plugin.hpp"
#include "sis_host/plugin_copy.hpp"

#include <boost/filesystem.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sis_host {

// Reported once a swapped-out version's library is unloaded and its copy removed.
struct Unloaded {
    std::string id;
    std::string version;
    boost::filesystem::path copy;
    std::chrono::steady_clock::duration after_swap{}; // how long its last users took to finish
};

// One loaded version of a plugin, loaded from its own private copy of the
// library. The registry holds the current one; every caller and Instance
// holds the one it started on, which stays loaded until they are all done.
class PluginVersion : public std::enable_shared_from_this<PluginVersion> {
public:
    ~PluginVersion() {
        checked_.plugin.reset(); // unloads the library: nobody can call it any more
        copy_.remove();
        if (!on_unloaded_ || retired_at_.load() == 0) return;
        const auto retired = std::chrono::steady_clock::time_point(
            std::chrono::steady_clock::duration(retired_at_.load()));
        try {
            on_unloaded_({id(), version(), copy_.path(), std::chrono::steady_clock::now() - retired});
        } catch (...) {
            // A destructor may run on any thread: a hook that throws is ignored.
        }
    }
    PluginVersion(const PluginVersion &) = delete;
    PluginVersion &operator=(const PluginVersion &) = delete;

    // As read from the folder (library_path names the folder's file, not the copy).
    const Manifest &manifest() const { return checked_.manifest; }
    const std::string &id() const { return checked_.manifest.id; }
    const std::string &version() const { return checked_.manifest.version; }
    const std::string &describe_json() const { return checked_.describe_json; }
    // The file the library is mapped from.
    const boost::filesystem::path &library_copy() const { return copy_.path(); }

    // The library, kept loaded (this version alive) for as long as the pointer
    // lives. Each pointer returned (and so each Instance) counts as one user
    // until it and its copies are gone.
    std::shared_ptr<const Plugin> plugin() const {
        return {std::make_shared<const Lease>(shared_from_this()), checked_.plugin.get()};
    }

    // How many users (Instances, and pointers from plugin()) this version has
    // now. A shared_ptr to the PluginVersion itself keeps it loaded too, but
    // does not count: it is what a call holds before it has started.
    long users() const { return users_.load(); }

    std::unique_ptr<Instance> create(const std::string &config_json, const sis_host_services *services,
                                     CallResult &error) const {
        return Instance::create(plugin(), config_json, services, error);
    }

private:
    friend class Registry;
    PluginVersion(LibraryCopy copy, CheckedPlugin checked, std::function<void(const Unloaded &)> on_unloaded)
        : copy_(std::move(copy)), checked_(std::move(checked)), on_unloaded_(std::move(on_unloaded)) {}

    void retire() const { retired_at_.store(std::chrono::steady_clock::now().time_since_epoch().count()); }

    // One user: what plugin() pointers share.
    struct Lease {
        explicit Lease(std::shared_ptr<const PluginVersion> v) : version(std::move(v)) { ++version->users_; }
        ~Lease() { --version->users_; } // before `version` lets go: the count never outlives it
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        std::shared_ptr<const PluginVersion> version;
    };

    LibraryCopy copy_; // declared first: removed after the library is unloaded
    CheckedPlugin checked_;
    std::function<void(const Unloaded &)> on_unloaded_;
    mutable std::atomic<std::chrono::steady_clock::rep> retired_at_{0}; // 0: still current
    mutable std::atomic<long> users_{0};
};

// What reload did.
struct SwapReport {
    std::string id;
    std::string old_version; // empty when the plugin was not loaded before
    std::string new_version;
    std::chrono::steady_clock::duration took{}; // copy, load, checks and switch
    // Calls and instances still on the old version at the switch (its
    // users()): they finish there, and the old library is unloaded after the
    // last of them.
    long users_of_old = 0;
};

struct RegistryOptions {
    // Where the private copies go (a folder per run is made inside).
    boost::filesystem::path copy_root = CopyFolder::default_root();
    // Runs on whichever thread lets go of a retired version last, possibly
    // inside reload: it must not call the registry.
    std::function<void(const Unloaded &)> on_unloaded;
    // How each version is loaded: Binding::own_process runs every instance
    // in a runner process of its own (from the version's private copy).
    Binding binding = Binding::host_first;
};

class Registry {
public:
    explicit Registry(boost::filesystem::path dir, RegistryOptions options = {})
        : dir_(std::move(dir)), options_(std::move(options)),
          copies_(std::make_shared<CopyFolder>(options_.copy_root)), current_(std::make_shared<const Table>()) {}
    Registry(const Registry &) = delete;
    Registry &operator=(const Registry &) = delete;

    const boost::filesystem::path &dir() const { return dir_; }

    // Loads every plugin the folder's manifests name. Returns one message per
    // manifest or plugin that could not be loaded; the others serve.
    std::vector<std::string> load_all() {
        ManifestScan scan = scan_manifests(dir_);
        std::vector<std::string> problems = scan.errors;
        std::vector<std::string> ids;
        for (const auto &m : scan.manifests)
            if (std::find(ids.begin(), ids.end(), m.id) == ids.end()) ids.push_back(m.id);
        for (const auto &id : ids) {
            try {
                reload(id);
            } catch (const std::runtime_error &e) { // LoadError, ManifestError
                problems.push_back(e.what());
            }
        }
        return problems;
    }

    // The version that new calls to plugin `id` use, or nullptr.
    std::shared_ptr<const PluginVersion> get(const std::string &id) const {
        const auto table = std::atomic_load(&current_);
        const auto it = table->find(id);
        return it == table->end() ? nullptr : it->second;
    }

    // The ids of every plugin loaded, in order.
    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto &kv : *std::atomic_load(&current_)) out.push_back(kv.first);
        return out;
    }

    // Loads the folder's build of plugin `id` from a fresh private copy,
    // checks it (ABI, describe against the manifest) and only then sends new
    // calls to it. Throws LoadError or ManifestError saying why the build was
    // refused; the version already loaded, if any, keeps serving.
    SwapReport reload(const std::string &id) {
        std::lock_guard<std::mutex> lock(reload_mutex_);
        const auto start = std::chrono::steady_clock::now();
        std::shared_ptr<const PluginVersion> next = load_version(manifest_of(id));

        auto table = std::make_shared<Table>(*std::atomic_load(&current_));
        std::shared_ptr<const PluginVersion> old = (*table)[id];
        (*table)[id] = next;
        std::atomic_store(&current_, std::shared_ptr<const Table>(std::move(table)));

        SwapReport report{id, old ? old->version() : "", next->version(),
                          std::chrono::steady_clock::now() - start, 0};
        if (old) {
            old->retire();
            report.users_of_old = old->users();
        }
        return report;
    }

private:
    using Table = std::map<std::string, std::shared_ptr<const PluginVersion>>;

    Manifest manifest_of(const std::string &id) const {
        ManifestScan scan = scan_manifests(dir_);
        const Manifest *found = nullptr;
        for (const auto &m : scan.manifests) {
            if (m.id != id) continue;
            if (found)
                throw ManifestError(m.file.string() + ": plugin '" + id + "' is also declared by " +
                                    found->file.string() + ": keep one manifest per plugin in " +
                                    dir_.string());
            found = &m;
        }
        if (found) return *found;
        std::string message = "no manifest of plugin '" + id + "' in " + dir_.string();
        for (const auto &e : scan.errors) message += "\n  (unreadable manifest) " + e;
        throw ManifestError(message);
    }

    std::shared_ptr<const PluginVersion> load_version(const Manifest &manifest) const {
        const std::string library = manifest.library_path.string();
        LibraryCopy copy(copies_, manifest.library_path, manifest.id + "-" + manifest.version);
        Manifest from_copy = manifest;
        from_copy.library_path = copy.path();
        CheckedPlugin checked;
        try {
            checked = load_checked(from_copy, options_.binding);
        } catch (const LoadError &e) {
            // Name the file the developer dropped in, not our copy of it.
            std::string message = e.what();
            const std::string copied = copy.path().string();
            for (auto at = message.find(copied); at != std::string::npos; at = message.find(copied, at))
                message.replace(at, copied.size(), library);
            throw LoadError(message);
        }
        checked.manifest.library_path = manifest.library_path;
        return std::shared_ptr<const PluginVersion>(
            new PluginVersion(std::move(copy), std::move(checked), options_.on_unloaded));
    }

    const boost::filesystem::path dir_;
    const RegistryOptions options_;
    const std::shared_ptr<CopyFolder> copies_; // shared with every copy, so it outlives them
    std::mutex reload_mutex_;                  // one reload at a time
    std::shared_ptr<const Table> current_;     // read and replaced only with std::atomic_*
};

} // namespace sis_host

// What the tests observe of a loaded or unloaded library from outside the
// registry: whether this process still maps the file, and the unload
// reports the registry sends.
#pragma once

#include "sis_host/registry.hpp"

#include <boost/filesystem.hpp>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace hotswap_test {

// Whether /proc/self/maps still names the file (a mapped file that was
// removed shows with " (deleted)", and still counts).
inline bool is_mapped(const boost::filesystem::path &file) {
    std::ifstream maps("/proc/self/maps");
    const std::string name = file.string();
    for (std::string line; std::getline(maps, line);)
        if (line.find(name) != std::string::npos) return true;
    return false;
}

// Every file under `dir` that /proc/self/maps names (a removed file counts,
// without its " (deleted)" mark): the plugin images loaded from there.
inline std::set<boost::filesystem::path> mapped_under(const boost::filesystem::path &dir) {
    std::ifstream maps("/proc/self/maps");
    const std::string prefix = dir.string() + "/";
    const std::string deleted = " (deleted)";
    std::set<boost::filesystem::path> files;
    for (std::string line; std::getline(maps, line);) {
        const auto at = line.find(prefix);
        if (at == std::string::npos) continue;
        std::string file = line.substr(at);
        if (file.size() > deleted.size() && file.compare(file.size() - deleted.size(), deleted.size(), deleted) == 0)
            file.resize(file.size() - deleted.size());
        files.insert(file);
    }
    return files;
}

// Every file under `dir` this process has open (from /proc/self/fd).
inline std::vector<boost::filesystem::path> open_under(const boost::filesystem::path &dir) {
    namespace fs = boost::filesystem;
    const std::string prefix = dir.string() + "/";
    std::vector<fs::path> files;
    boost::system::error_code ec;
    for (fs::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) {
        boost::system::error_code ignored;
        const fs::path target = fs::read_symlink(it->path(), ignored);
        if (target.string().compare(0, prefix.size(), prefix) == 0) files.push_back(target);
    }
    return files;
}

// Collects the registry's unload reports, from any thread.
class UnloadLog {
public:
    sis_host::RegistryOptions options(const boost::filesystem::path &copy_root) {
        sis_host::RegistryOptions o;
        o.copy_root = copy_root;
        o.on_unloaded = [this](const sis_host::Unloaded &u) {
            std::lock_guard<std::mutex> lock(mutex_);
            unloaded_.push_back(u);
            changed_.notify_all();
        };
        return o;
    }

    // Whether the library copied to `copy` was unloaded within `timeout`.
    bool wait_for(const boost::filesystem::path &copy, std::chrono::seconds timeout) {
        std::unique_lock<std::mutex> lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] {
            for (const auto &u : unloaded_)
                if (u.copy == copy) return true;
            return false;
        });
    }

    std::vector<sis_host::Unloaded> all() {
        std::lock_guard<std::mutex> lock(mutex_);
        return unloaded_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<sis_host::Unloaded> unloaded_;
};

} // namespace hotswap_test

// Noticing new plugin builds in a folder by polling: each file's size,
// modification time and inode. A plugin counts as changed when its manifest
// or the library it names changed, and it is reported only once the folder's
// files have stayed the same for a settle time, so that a library still
// being written is not loaded (a copy that stalls longer is refused by the
// registry as incomplete, and retried when it changes again).
#pragma once

#include "sis_host/manifest.hpp"

#include <boost/filesystem.hpp>

#include <chrono>
#include <map>
#include <string>
#include <sys/stat.h>
#include <tuple>
#include <vector>

namespace sis_host {

class FolderWatch {
public:
    using Clock = std::chrono::steady_clock;

    struct Changes {
        std::vector<std::string> ids;             // plugins to reload, in order
        std::vector<std::string> manifest_errors; // manifests that could not be read
    };

    // Takes the folder as it is now as the baseline: only later changes count.
    FolderWatch(boost::filesystem::path dir, Clock::duration settle)
        : dir_(std::move(dir)), settle_(settle), listing_(list()) {
        compare_plugins();
    }

    // Call it regularly (every poll interval).
    Changes poll(Clock::time_point now = Clock::now()) {
        Listing files = list();
        if (files != listing_) {
            listing_ = std::move(files);
            changed_at_ = now;
            pending_ = true;
            return {};
        }
        if (!pending_ || now - changed_at_ < settle_) return {};
        pending_ = false;
        return compare_plugins();
    }

private:
    struct Stamp {
        bool exists = false;
        unsigned long long size = 0, inode = 0;
        long long mtime_ns = 0;
        bool operator==(const Stamp &o) const {
            return std::tie(exists, size, inode, mtime_ns) == std::tie(o.exists, o.size, o.inode, o.mtime_ns);
        }
        bool operator!=(const Stamp &o) const { return !(*this == o); }
    };
    using Listing = std::map<std::string, Stamp>; // file name -> stamp

    // Follows symbolic links: repointing a link at a new build is a change.
    static Stamp stamp(const boost::filesystem::path &file) {
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0) return {};
        return {true, static_cast<unsigned long long>(st.st_size), static_cast<unsigned long long>(st.st_ino),
                static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec};
    }

    Listing list() const {
        Listing files;
        boost::system::error_code ec;
        for (boost::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec))
            files[it->path().filename().string()] = stamp(it->path());
        return files;
    }

    // Reports the plugins whose files differ from when they were last seen.
    Changes compare_plugins() {
        Changes changes;
        ManifestScan scan;
        try {
            scan = scan_manifests(dir_);
        } catch (const ManifestError &e) {
            changes.manifest_errors.push_back(e.what());
            return changes;
        }
        changes.manifest_errors = std::move(scan.errors);
        std::map<std::string, std::vector<Stamp>> now;
        for (const auto &m : scan.manifests) {
            now[m.id].push_back(stamp(m.file));
            now[m.id].push_back(stamp(m.library_path));
        }
        for (const auto &m : scan.manifests) {
            auto &seen = seen_[m.id];
            if (seen != now[m.id]) {
                seen = now[m.id];
                changes.ids.push_back(m.id);
            }
        }
        return changes;
    }

    const boost::filesystem::path dir_;
    const Clock::duration settle_;
    Listing listing_;
    Clock::time_point changed_at_{};
    bool pending_ = false;
    std::map<std::string, std::vector<Stamp>> seen_; // per plugin id: manifest and library stamps
};

} // namespace sis_host

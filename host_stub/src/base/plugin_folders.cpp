// Where sis-host looks for plugins, and the scan of a folder of versioned
// plugin folders (see plugin_folders.hpp).
#include "base/plugin_folders.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace sis_cli {

boost::filesystem::path default_plugin_dir(const boost::filesystem::path &program,
                                           const std::string &installed_dir) {
    const auto prefix = program.parent_path().parent_path();
    boost::system::error_code ec;
    if (boost::filesystem::is_directory(prefix / "plugins", ec)) return prefix / "plugins";
    return prefix / installed_dir;
}

namespace {

std::vector<std::string> split_dots(const std::string &v) {
    std::vector<std::string> parts;
    std::istringstream in(v);
    for (std::string part; std::getline(in, part, '.');) parts.push_back(part);
    return parts;
}

bool all_digits(const std::string &s) {
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<boost::filesystem::path> subfolders(const boost::filesystem::path &dir) {
    namespace fs = boost::filesystem;
    std::vector<fs::path> found;
    boost::system::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        boost::system::error_code entry_ec; // a broken or looping link skips that entry only
        if (fs::is_directory(it->path(), entry_ec)) found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    return found;
}

void add_scan(sis_host::ManifestScan &into, const boost::filesystem::path &dir) {
    auto scan = sis_host::scan_manifests(dir);
    for (auto &m : scan.manifests) {
        const auto same = std::find_if(into.manifests.begin(), into.manifests.end(), [&](const auto &other) {
            return other.id == m.id && other.version == m.version;
        });
        if (same != into.manifests.end())
            into.errors.push_back(m.file.string() + ": field 'id': plugin '" + m.id + "' " + m.version +
                                  " is also declared by " + same->file.string());
        else
            into.manifests.push_back(std::move(m));
    }
    for (auto &e : scan.errors) into.errors.push_back(std::move(e));
}

} // namespace

bool version_newer(const std::string &a, const std::string &b) {
    const auto pa = split_dots(a), pb = split_dots(b);
    for (size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const std::string x = i < pa.size() ? pa[i] : "0", y = i < pb.size() ? pb[i] : "0";
        if (x == y) continue;
        if (all_digits(x) && all_digits(y)) return std::stoul(x) > std::stoul(y);
        return x > y;
    }
    return false;
}

sis_host::ManifestScan scan_plugin_folders(const boost::filesystem::path &dir) {
    sis_host::ManifestScan scan = sis_host::scan_manifests(dir); // throws when dir is not a folder
    for (const auto &id_dir : subfolders(dir)) {
        add_scan(scan, id_dir);
        for (const auto &version_dir : subfolders(id_dir)) add_scan(scan, version_dir);
    }
    std::stable_sort(scan.manifests.begin(), scan.manifests.end(), [](const auto &a, const auto &b) {
        return a.id != b.id ? a.id < b.id : version_newer(a.version, b.version);
    });
    return scan;
}

} // namespace sis_cli

// The folder a host serves plugins from, and the builds the tests drop into
// it the way a developer does: each file written under a temporary name and
// renamed into place.
#pragma once

#include <boost/filesystem.hpp>

#include <string>

namespace hotswap_test {

// Where the test build of the Veracross plugin with this version (9.0.1 or
// 9.0.2) is, with its manifest.
boost::filesystem::path veracross_build(const std::string &version);

// A fresh temporary folder, removed with this object: plugins/ is the folder
// the host serves, copies/ the private root of the registry's library copies.
class LiveFolder {
public:
    LiveFolder();
    ~LiveFolder();
    LiveFolder(const LiveFolder &) = delete;
    LiveFolder &operator=(const LiveFolder &) = delete;

    const boost::filesystem::path &dir() const { return plugins_; }
    const boost::filesystem::path &copy_root() const { return copies_; }
    boost::filesystem::path veracross_library() const { return plugins_ / "libveracross_plugin.so"; }

    // The Veracross plugin's library and manifest of that version.
    void drop_veracross(const std::string &version);
    // The stub plugin (id "stub") beside it.
    void drop_stub();
    // A broken build: these bytes as the library, with the manifest of the
    // Veracross plugin saying `version`.
    void drop_broken_veracross(const std::string &library_bytes, const std::string &version);
    // Writes a file of the folder (atomically).
    void write(const std::string &name, const std::string &content) const;

private:
    void install(const boost::filesystem::path &from, const std::string &name) const;

    boost::filesystem::path base_, plugins_, copies_;
};

// The whole content of a file.
std::string read_file(const boost::filesystem::path &file);

// The Veracross manifest saying this version.
std::string veracross_manifest(const std::string &version);

} // namespace hotswap_test

// A fresh folder for one test, removed with all it holds when the test ends.
#pragma once

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <fstream>
#include <set>
#include <string>

namespace oneroster_test {

class ScratchFolder {
public:
    ScratchFolder() : path_(Poco::TemporaryFile::tempName()) { Poco::File(path_).createDirectories(); }
    ~ScratchFolder() {
        try {
            Poco::File(path_).remove(true);
        } catch (const std::exception &) {
            // a leftover under the temp folder must not fail the test run
        }
    }
    ScratchFolder(const ScratchFolder &) = delete;
    ScratchFolder &operator=(const ScratchFolder &) = delete;

    std::string path(const std::string &name) const { return path_ + "/" + name; }

    // The names in the folder, hidden ones too.
    std::set<std::string> entries() const {
        std::set<std::string> names;
        for (Poco::DirectoryIterator it(path_), end; it != end; ++it) names.insert(it.name());
        return names;
    }

private:
    std::string path_;
};

inline void write_text(const std::string &path, const std::string &text) {
    std::ofstream(path, std::ios::binary) << text;
}

} // namespace oneroster_test

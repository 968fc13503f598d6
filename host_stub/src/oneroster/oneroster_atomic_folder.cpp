#include "oneroster/oneroster_atomic_folder.hpp"

#include <Poco/File.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace sis_cli {
namespace {

std::string errno_text() { return std::strerror(errno); }

// "out/" and "out" are the same folder; the slash would break sibling names.
std::string without_trailing_slashes(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
}

std::string parent_of(const std::string &dir) {
    const auto slash = dir.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : dir.substr(0, slash);
}

// A hidden name beside `dir`, unique within this process and across processes.
std::string sibling(const std::string &dir, const char *purpose) {
    static std::atomic<unsigned> counter{0};
    const auto slash = dir.rfind('/');
    const std::string prefix = slash == std::string::npos ? "" : dir.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? dir : dir.substr(slash + 1);
    return prefix + "." + name + "." + purpose + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

// Returns "" on success, else why it failed.
std::string write_file(const std::string &path, const std::string &content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return "cannot create: " + errno_text();
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = "cannot write: " + errno_text();
            ::close(fd);
            return why;
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const std::string why = "cannot flush to disk: " + errno_text();
        ::close(fd);
        return why;
    }
    if (::close(fd) != 0) return "cannot close: " + errno_text();
    return "";
}

// Flushes a folder's entries (the names in it) to disk; false if it cannot.
bool sync_folder(const std::string &path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

void remove_quietly(const std::string &path) {
    try {
        Poco::File(path).remove(true);
    } catch (const std::exception &) {
        // Only ever a leftover hidden folder; the caller's own outcome matters more.
    }
}

// Puts the folder at `fresh` in place of the one at `dir`; returns where the
// old folder now is. One atomic exchange where the file system offers it,
// else two renames (with the old folder put back if the second fails).
std::string swap_into_place(const std::string &fresh, const std::string &dir) {
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) return fresh;
    if (errno != EINVAL && errno != ENOSYS)
        throw std::runtime_error(dir + ": cannot replace the folder: " + errno_text());
    const std::string old = sibling(dir, "old");
    if (::rename(dir.c_str(), old.c_str()) != 0)
        throw std::runtime_error(dir + ": cannot move the old folder aside: " + errno_text());
    if (::rename(fresh.c_str(), dir.c_str()) != 0) {
        std::string why = errno_text();
        if (::rename(old.c_str(), dir.c_str()) != 0) why += "; the old folder is kept as " + old;
        throw std::runtime_error(dir + ": cannot move the new folder into place: " + why);
    }
    return old;
}

} // namespace

void write_folder_atomically(const std::string &dir_argument, const std::vector<FolderFile> &files) {
    const std::string dir = without_trailing_slashes(dir_argument);
    if (dir.empty()) throw std::runtime_error("no output folder given");
    struct stat info {};
    const bool replacing = ::lstat(dir.c_str(), &info) == 0;
    if (replacing && !S_ISDIR(info.st_mode))
        throw std::runtime_error(dir + ": exists and is not a folder; left as it is");

    const std::string fresh = sibling(dir, "tmp");
    if (::mkdir(fresh.c_str(), 0755) != 0)
        throw std::runtime_error(dir + ": cannot create a new folder beside it: " + errno_text());
    std::string old;
    try {
        for (const auto &file : files) {
            const std::string why = write_file(fresh + "/" + file.name, file.content);
            if (!why.empty()) throw std::runtime_error(dir + ": " + file.name + ": " + why);
        }
        if (!sync_folder(fresh))
            throw std::runtime_error(dir + ": cannot flush the new folder to disk: " + errno_text());
        if (replacing) {
            old = swap_into_place(fresh, dir);
        } else if (::rename(fresh.c_str(), dir.c_str()) != 0) {
            throw std::runtime_error(dir + ": cannot move the new folder into place: " + errno_text());
        }
    } catch (...) {
        remove_quietly(fresh);
        throw;
    }
    // The new folder is in place: what follows only tidies up and makes the
    // rename durable, so a failure there must not report the export as failed.
    if (!old.empty()) remove_quietly(old);
    sync_folder(parent_of(dir));
}

} // namespace sis_cli

// Private copies of plugin libraries, one per loaded version.
//
// A host cannot load a new build from the path it loaded the old one from:
// dlopen of a path that is already loaded returns the old image, and a
// library overwritten in place under a running process crashes it. So each
// version is loaded from its own copy, in a folder private to this process,
// and the copy is removed once its library is unloaded.
#pragma once

#include "sis_host/plugin.hpp"

#include <boost/filesystem.hpp>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sis_host {

// Refuses a library file that is shorter than its own headers say: a file
// still being written would otherwise be mapped and crash the host (SIGBUS)
// when the loader touches its missing pages. `shown` names it in the message.
// Files that are not 64-bit ELF are left to the loader to refuse.
inline void check_elf_complete(const boost::filesystem::path &file, const std::string &shown) {
    std::ifstream in(file.string(), std::ios::binary | std::ios::ate);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    Elf64_Ehdr header{};
    in.seekg(0);
    if (!in.read(reinterpret_cast<char *>(&header), sizeof header) ||
        std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64)
        return;
    std::uint64_t needed = std::uint64_t(header.e_shoff) + std::uint64_t(header.e_shnum) * header.e_shentsize;
    const std::uint64_t headers_end =
        std::uint64_t(header.e_phoff) + std::uint64_t(header.e_phnum) * header.e_phentsize;
    if (headers_end > needed) needed = headers_end;
    if (headers_end <= size && header.e_phentsize == sizeof(Elf64_Phdr)) {
        in.seekg(static_cast<std::streamoff>(header.e_phoff));
        for (unsigned i = 0; i < header.e_phnum; ++i) {
            Elf64_Phdr segment{};
            if (!in.read(reinterpret_cast<char *>(&segment), sizeof segment)) break;
            if (segment.p_offset + segment.p_filesz > needed) needed = segment.p_offset + segment.p_filesz;
        }
    }
    if (needed > size)
        throw LoadError(shown + ": the library file is incomplete (" + std::to_string(size) +
                        " bytes, its headers need " + std::to_string(needed) +
                        "): is it still being copied? Copy it under another name and rename it");
}

// This process's folder of library copies, <root>/run-XXXXXX. A run holds an
// flock on its folder's .lock for as long as it lives, so a later run can
// tell a crashed run's leftovers (lock free) from a live run's folder (locked)
// and remove only the former. The root is private (0700, owned by this user).
class CopyFolder {
public:
    explicit CopyFolder(const boost::filesystem::path &root = default_root()) : root_(root) {
        make_private_root();
        const int root_lock = open_lock(root_ / ".lock");
        // Runs start and clean up one at a time.
        while (::flock(root_lock, LOCK_EX) != 0 && errno == EINTR) {
        }
        try {
            remove_stale_runs();
            std::string dir = (root_ / "run-XXXXXX").string();
            if (!::mkdtemp(&dir[0])) fail("cannot create a folder in " + root_.string());
            dir_ = dir;
            lock_ = open_lock(dir_ / ".lock");
            ::flock(lock_, LOCK_EX | LOCK_NB); // new, and cleaners wait for the root lock
        } catch (...) {
            ::close(root_lock);
            throw;
        }
        ::close(root_lock);
    }

    // Removes this run's folder and whatever copies are left in it.
    ~CopyFolder() {
        boost::system::error_code ec;
        boost::filesystem::remove_all(dir_, ec);
        ::close(lock_);
    }
    CopyFolder(const CopyFolder &) = delete;
    CopyFolder &operator=(const CopyFolder &) = delete;

    static boost::filesystem::path default_root() {
        return boost::filesystem::temp_directory_path() /
               ("sis-plugin-copies-" + std::to_string(::geteuid()));
    }

    const boost::filesystem::path &path() const { return dir_; }

    // Copies `library` to a new name "<tag>-<n>.so" in this folder and checks
    // that the copy is whole. Throws LoadError naming `library`.
    boost::filesystem::path copy(const boost::filesystem::path &library, const std::string &tag) {
        const auto target = dir_ / (tag + "-" + std::to_string(++copies_) + ".so");
        boost::system::error_code ec;
        if (!boost::filesystem::is_regular_file(library, ec))
            throw LoadError(library.string() + ": plugin library file is missing");
        boost::filesystem::copy_file(library, target, ec);
        if (ec) {
            boost::filesystem::remove(target, ec);
            throw LoadError(library.string() + ": cannot copy it to " + dir_.string() + ": " + ec.message());
        }
        try {
            check_elf_complete(target, library.string());
        } catch (...) {
            boost::filesystem::remove(target, ec);
            throw;
        }
        return target;
    }

private:
    [[noreturn]] static void fail(const std::string &what) {
        throw LoadError("plugin copies: " + what + ": " + std::strerror(errno));
    }

    // Anyone who could write here could swap the code this host runs.
    void make_private_root() const {
        if (::mkdir(root_.c_str(), 0700) != 0 && errno != EEXIST) fail("cannot create " + root_.string());
        struct stat st {};
        if (::lstat(root_.c_str(), &st) != 0) fail("cannot inspect " + root_.string());
        if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0)
            throw LoadError("plugin copies: " + root_.string() +
                            " is not a private folder of this user (mode 0700): remove it");
    }

    static int open_lock(const boost::filesystem::path &file) {
        const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) fail("cannot open " + file.string());
        return fd;
    }

    // A run folder whose lock nobody holds belongs to a run that has ended.
    void remove_stale_runs() const {
        namespace fs = boost::filesystem;
        boost::system::error_code ec;
        for (fs::directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
            if (it->path().filename().string().rfind("run-", 0) != 0) continue;
            const int fd = ::open((it->path() / ".lock").c_str(), O_RDWR | O_CLOEXEC);
            if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
                ::close(fd); // live
                continue;
            }
            // A folder without a lock file was left between mkdtemp and the
            // lock, which happen under the root lock we hold: also stale.
            boost::system::error_code ignored;
            fs::remove_all(it->path(), ignored);
            if (fd >= 0) ::close(fd);
        }
    }

    boost::filesystem::path root_;
    boost::filesystem::path dir_;
    int lock_ = -1;
    std::atomic<unsigned> copies_{0};
};

// One copy of a library, removed when this object goes (or at remove()).
class LibraryCopy {
public:
    LibraryCopy(std::shared_ptr<CopyFolder> folder, const boost::filesystem::path &library,
                const std::string &tag)
        : folder_(std::move(folder)), path_(folder_->copy(library, tag)) {}
    LibraryCopy(LibraryCopy &&other) noexcept
        : folder_(std::move(other.folder_)), path_(std::move(other.path_)) {
        other.path_.clear();
    }
    LibraryCopy &operator=(LibraryCopy &&) = delete;
    ~LibraryCopy() { remove(); }

    const boost::filesystem::path &path() const { return path_; }
    void remove() {
        boost::system::error_code ignored;
        if (!path_.empty()) boost::filesystem::remove(path_, ignored);
    }

private:
    std::shared_ptr<CopyFolder> folder_; // the folder outlives its copies
    boost::filesystem::path path_;
};

} // namespace sis_host

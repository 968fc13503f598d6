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
#include <sys/sendfile.h>
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

namespace copy_detail {

// Closes a file descriptor when it goes.
struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
};

// Copies what is left of `in` to `out`, from and to their file offsets: in
// the kernel (copy_file_range, then sendfile) where it can, which also works
// between filesystems. Returns 0 or the errno of the failure.
inline int copy_data(int in, int out) {
    bool kernel_copy = true, send_file = true;
    for (;;) {
        ssize_t n;
        if (kernel_copy) {
            n = ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
            // Not between these filesystems (EXDEV before Linux 5.3, and again
            // since 5.19 where the filesystem cannot), or not at all.
            if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP ||
                          errno == EPERM || errno == EBADF)) {
                kernel_copy = false;
                continue;
            }
        } else if (send_file) {
            n = ::sendfile(out, in, nullptr, 1 << 30);
            if (n < 0 && (errno == EINVAL || errno == ENOSYS)) {
                send_file = false;
                continue;
            }
        } else {
            char buffer[1 << 16];
            n = ::read(in, buffer, sizeof buffer);
            for (ssize_t done = 0; n > 0 && done < n;) {
                const ssize_t w = ::write(out, buffer + done, static_cast<std::size_t>(n - done));
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) return w < 0 ? errno : EIO;
                done += w;
            }
        }
        if (n == 0) return 0; // the end of `in`
        if (n < 0 && errno != EINTR) return errno;
    }
}

} // namespace copy_detail

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
    // (Not boost::filesystem::copy_file: Boost 1.74's fails between two
    // filesystems on current kernels, and it syncs the copy to disk, which
    // triples the time a swap takes for a file that never needs to be durable.)
    boost::filesystem::path copy(const boost::filesystem::path &library, const std::string &tag) {
        const auto target = dir_ / (tag + "-" + std::to_string(++copies_) + ".so");
        // (O_NONBLOCK: a FIFO dropped in is refused below, not waited on.)
        const copy_detail::Fd in(::open(library.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
        struct stat st {};
        if (in.fd < 0 && errno == ENOENT) throw LoadError(library.string() + ": plugin library file is missing");
        if (in.fd < 0 || ::fstat(in.fd, &st) != 0)
            throw LoadError(library.string() + ": cannot read it: " + std::strerror(errno));
        if (!S_ISREG(st.st_mode))
            throw LoadError(library.string() + ": not a regular file (a folder, device or broken link)");
        int error = 0;
        {
            copy_detail::Fd out(::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700));
            error = out.fd < 0 ? errno : copy_detail::copy_data(in.fd, out.fd);
            const int fd = out.fd;
            out.fd = -1;
            if (fd >= 0 && ::close(fd) != 0 && !error) error = errno; // a full disk may only show here
        }
        if (error) {
            boost::system::error_code ignored;
            boost::filesystem::remove(target, ignored);
            throw LoadError(library.string() + ": cannot copy it to " + dir_.string() + ": " +
                            std::strerror(error));
        }
        try {
            check_elf_complete(target, library.string());
        } catch (...) {
            boost::system::error_code ignored;
            boost::filesystem::remove(target, ignored);
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

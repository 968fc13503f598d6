#include "base/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace sis_cli {

void write_file_atomically(const std::string &path, const std::string &content) {
    const std::string temp = path + ".tmp-" + std::to_string(::getpid());
    auto fail = [&](const std::string &what) {
        const std::string reason = std::strerror(errno);
        ::unlink(temp.c_str());
        throw std::runtime_error(path + ": " + what + ": " + reason);
    };
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(path + ": cannot create a file there: " + std::strerror(errno));
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            fail("cannot write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        fail("cannot flush to disk");
    }
    if (::close(fd) != 0) fail("cannot close");
    if (std::rename(temp.c_str(), path.c_str()) != 0) fail("cannot replace");
}

} // namespace sis_cli

// The messages between a host and sis-plugin-runner, the process that holds
// one plugin (Binding::own_process). Both ends are on one machine and one
// build, so the format is plain and small:
//
//   frame  = u32 body size, body            (sizes and numbers in host byte order)
//   body   = u8 kind, fields...
//   field  = u64 number | u32 size + bytes (a string, JSON included)
//
// JSON payloads travel as strings, untouched: a roster of tens of MB is
// copied once, never parsed or escaped again on the way. See docs/abi.md,
// "One plugin per process", for the whole exchange.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace sis_host {
namespace runner {

// The runner's end of the socket pair, and the runner's arguments: --fd 3 PLUGIN.
constexpr int kRunnerFd = 3;

enum class Kind : std::uint8_t {
    // host -> runner
    create = 1,       // seq, config JSON, services flags (kHas*)
    connect = 2,      // seq
    list_scopes = 3,  // seq, request JSON ("" for none)
    import_event = 4, // seq, event JSON
    sso = 5,          // seq, request JSON
    destroy = 6,      // seq
    cancel = 7,       // seq of the call to stop, or 0: the ABI's cancel (also stops the next call)
    // runner -> host
    loaded = 20,      // abi major, minor, table flags (kTable*), describe status, describe JSON
    load_failed = 21, // the LoadError's message
    result = 22,      // seq, status, JSON
    log = 23,         // level, message
    progress = 24,    // stage, done, total
};

// Which of the host's services exist (create): the runner lends the plugin the same.
constexpr std::uint64_t kHasServices = 1, kHasLog = 2, kHasProgress = 4, kHasIsCancelled = 8;
// Which 1.1 functions the plugin's table has (loaded).
constexpr std::uint64_t kTableDestroyChecked = 1, kTableCancel = 2;

// A frame longer than this is not ours: the peer is broken.
constexpr std::uint32_t kMaxFrame = 1u << 30;

class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One message being written.
class Message {
public:
    explicit Message(Kind kind) : bytes_(4, '\0') { bytes_ += static_cast<char>(kind); }
    Message &number(std::uint64_t n) {
        bytes_.append(reinterpret_cast<const char *>(&n), sizeof n);
        return *this;
    }
    Message &text(const std::string &s) {
        const auto size = static_cast<std::uint32_t>(s.size());
        bytes_.append(reinterpret_cast<const char *>(&size), sizeof size);
        bytes_ += s;
        return *this;
    }
    // The frame, its size filled in.
    const std::string &frame() {
        const auto size = static_cast<std::uint32_t>(bytes_.size() - 4);
        std::memcpy(&bytes_[0], &size, sizeof size);
        return bytes_;
    }

private:
    std::string bytes_;
};

// One message being read (the body must outlive the reader); a field past
// its end is a ProtocolError.
class Reader {
public:
    explicit Reader(const std::string &body) : body_(body) {
        if (body_.empty()) throw ProtocolError("empty message");
        kind_ = static_cast<Kind>(static_cast<unsigned char>(body_.front()));
    }
    Kind kind() const { return kind_; }
    std::uint64_t number() {
        std::uint64_t n;
        take(&n, sizeof n);
        return n;
    }
    std::string text() {
        std::uint32_t size;
        take(&size, sizeof size);
        if (size > body_.size() - at_) throw ProtocolError("string past the message's end");
        std::string s = body_.substr(at_, size);
        at_ += size;
        return s;
    }

private:
    void take(void *to, std::size_t n) {
        if (n > body_.size() - at_) throw ProtocolError("number past the message's end");
        std::memcpy(to, body_.data() + at_, n);
        at_ += n;
    }
    const std::string &body_;
    Kind kind_{};
    std::size_t at_ = 1;
};

// Writes a whole frame; false when the peer is gone. MSG_NOSIGNAL: a peer
// that died gives EPIPE here, not a SIGPIPE that would end this process.
inline bool send_frame(int fd, Message &message) {
    const std::string &frame = message.frame();
    std::size_t done = 0;
    while (done < frame.size()) {
        const ssize_t n = ::send(fd, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Reads exactly n bytes; false at the end of the stream or an error.
inline bool read_exactly(int fd, char *to, std::size_t n) {
    while (n > 0) {
        const ssize_t got = ::recv(fd, to, n, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        to += got;
        n -= static_cast<std::size_t>(got);
    }
    return true;
}

// Reads one frame's body; false when the peer is gone (end of stream, reset).
// A frame too large for us is a ProtocolError.
inline bool read_frame(int fd, std::string &body) {
    std::uint32_t size = 0;
    if (!read_exactly(fd, reinterpret_cast<char *>(&size), sizeof size)) return false;
    if (size == 0 || size > kMaxFrame) throw ProtocolError("bad frame size " + std::to_string(size));
    body.assign(size, '\0');
    return read_exactly(fd, &body[0], size);
}

} // namespace runner
} // namespace sis_host

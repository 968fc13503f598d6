// The deadline watch (http/exchange_deadline.hpp) cuts only the connection
// it was armed for. Poco's session closes a socket on a failed read before
// the HTTP client disarms; the descriptor's number may by then name another
// connection, which a cut must leave alone.
#include "http/exchange_deadline.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <memory>
#include <thread>

using namespace veracross;

namespace {

// A connected pair of sockets; both closed at the end.
struct SocketPair {
    std::array<int, 2> fd{-1, -1};
    SocketPair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd.data()) == 0); }
    ~SocketPair() {
        for (int f : fd)
            if (f >= 0) ::close(f);
    }
    // One byte from this end to the other: false once the connection is cut.
    bool carries_a_byte() const {
        const char out = 'x';
        char in = 0;
        return ::send(fd[0], &out, 1, MSG_NOSIGNAL) == 1 && ::recv(fd[1], &in, 1, 0) == 1 && in == 'x';
    }
};

} // namespace

TEST_CASE("a deadline cuts the armed connection, not another one that took its closed descriptor's number") {
    DeadlineWatch watch;
    auto first = std::make_unique<SocketPair>();
    const int number = first->fd[0];
    DeadlineWatch::Armed armed(watch, number, DeadlineWatch::Clock::now() + std::chrono::milliseconds(100));
    // Closed before the disarm, as Poco does after a failed read.
    ::close(first->fd[0]);
    first->fd[0] = -1;
    SocketPair second; // the lowest free number: the one just closed
    REQUIRE(second.fd[0] == number);
    std::this_thread::sleep_for(std::chrono::milliseconds(400)); // the deadline passes
    CHECK(second.carries_a_byte());
    CHECK(armed.disarm()); // the armed exchange still learns it was cut
}

TEST_CASE("a deadline cuts its connection, and cut_all every armed one") {
    DeadlineWatch watch;
    SocketPair slow, other, cancelled;
    DeadlineWatch::Armed late(watch, slow.fd[0], DeadlineWatch::Clock::now() + std::chrono::milliseconds(50));
    DeadlineWatch::Armed far(watch, other.fd[0], DeadlineWatch::Clock::now() + std::chrono::hours(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK_FALSE(slow.carries_a_byte());
    CHECK(other.carries_a_byte());
    CHECK(late.disarm());
    CHECK_FALSE(far.disarm());
    DeadlineWatch::Armed armed(watch, cancelled.fd[0], DeadlineWatch::Clock::now() + std::chrono::hours(1));
    watch.cut_all();
    CHECK_FALSE(cancelled.carries_a_byte());
    CHECK(armed.disarm());
}

// The floor: the least time any client could take to read a school's
// collections under a per-request latency and a rate limit (README.md has
// the formula and why each term is there).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace bench {

struct FloorConditions {
    std::chrono::milliseconds latency{40}; // added to every request, the token's too
    int rate_limit = 300;                   // requests per window and token
    std::chrono::milliseconds window{180'000};
    int page_size = 1000;                   // the Data API's largest
    int in_flight = 8;                      // the most requests a polite client has in flight at once
};

struct Floor {
    std::uint64_t requests = 0;      // fewest data requests (every collection ends on a short page)
    std::uint64_t longest_chain = 0; // pages of the largest collection, fetched one after another
    double seconds = 0;              // pages of a collection one after another
    double seconds_in_flight = 0;    // any pages at once, at most in_flight (floor_C)
};

// `records`: how many records each collection holds.
Floor time_floor(const std::vector<std::uint64_t> &records, const FloorConditions &conditions);

} // namespace bench

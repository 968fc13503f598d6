#include "time_floor.hpp"

#include <algorithm>

namespace bench {

Floor time_floor(const std::vector<std::uint64_t> &records, const FloorConditions &c) {
    Floor f;
    const auto page_size = static_cast<std::uint64_t>(c.page_size);
    for (std::uint64_t n : records) {
        // v3 sends no total: a collection ends with a page holding fewer than
        // page_size records, so an exact multiple costs one empty page more.
        const std::uint64_t pages = n / page_size + 1;
        f.requests += pages;
        f.longest_chain = std::max(f.longest_chain, pages);
    }
    const double latency = std::chrono::duration<double>(c.latency).count();
    const double window = std::chrono::duration<double>(c.window).count();
    // Pages of one collection follow one another; collections overlap.
    const double chain = static_cast<double>(f.longest_chain) * latency;
    // Request k (from 0) cannot start before window * floor(k / limit).
    const double capped =
        f.requests == 0 ? 0 : static_cast<double>((f.requests - 1) / static_cast<std::uint64_t>(c.rate_limit)) * window + latency;
    // One token request comes first.
    f.seconds = latency + std::max(chain, capped);
    // floor_C: any pages at once, C at a time: ceil(R / C) round trips.
    const auto c_in_flight = static_cast<std::uint64_t>(std::max(1, c.in_flight));
    const double rounds = static_cast<double>((f.requests + c_in_flight - 1) / c_in_flight) * latency;
    f.seconds_in_flight = latency + std::max(rounds, capped);
    return f;
}

} // namespace bench

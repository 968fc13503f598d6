// Deterministic random numbers for the generator. std::mt19937_64 is fully
// specified by the standard, but the std distributions are not (their output
// differs between standard libraries), so the helpers below do the mapping.
#pragma once

#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace vcsim {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}

    // Uniform in [low, high], both inclusive; rejection sampling keeps it unbiased.
    std::int64_t between(std::int64_t low, std::int64_t high) {
        if (high < low) throw std::invalid_argument("Rng::between: empty range");
        const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
        if (span == 0) return static_cast<std::int64_t>(engine_()); // the whole 64-bit range
        const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                    std::numeric_limits<std::uint64_t>::max() % span;
        std::uint64_t draw = engine_();
        while (draw >= limit) draw = engine_();
        return low + static_cast<std::int64_t>(draw % span);
    }

    // True with the given probability, in steps of 1/1,000,000.
    bool chance(double probability) { return between(0, 999'999) < static_cast<std::int64_t>(probability * 1e6); }

    template <class T> const T &pick(const std::vector<T> &items) {
        return items.at(static_cast<std::size_t>(between(0, static_cast<std::int64_t>(items.size()) - 1)));
    }

    // Index chosen with the given relative weights.
    std::size_t weighted(const std::vector<int> &weights) {
        std::int64_t total = 0;
        for (int w : weights) total += w;
        std::int64_t draw = between(0, total - 1);
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (draw < weights[i]) return i;
            draw -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    std::mt19937_64 engine_;
};

// A bijective 64-bit mix (splitmix64's finaliser): distinct inputs give
// distinct outputs, which makes it good for derived, unique-looking keys.
inline std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace vcsim

// Deterministic random choices for the model generator. Only the raw output
// of std::mt19937_64 is specified by the standard (the distributions are
// not), so every range is derived here and a seed gives the same model on
// every platform and standard library. Callers draw at most once per
// full expression: the order in which arguments are evaluated is unspecified.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace shootdown::random_models {

class Dice {
public:
    explicit Dice(std::uint64_t seed) : engine_(seed) {}

    // Uniform in [0, n), n > 0: rejection of the short first slice of the
    // 64-bit range (its size is 2^64 mod n), then the remainder.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t rejected = (0 - n) % n;
        std::uint64_t x = engine_();
        while (x < rejected)
            x = engine_();
        return x % n;
    }
    // Uniform in [lo, hi].
    int between(int lo, int hi) {
        return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    // True with probability percent / 100.
    bool chance(int percent) { return static_cast<int>(below(100)) < percent; }

    template <class T>
    const T& pick(const std::vector<T>& from) {
        return from[static_cast<std::size_t>(below(from.size()))];
    }

private:
    std::mt19937_64 engine_;
};

} // namespace shootdown::random_models

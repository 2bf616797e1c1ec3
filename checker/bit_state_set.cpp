#include "checker/bit_state_set.hpp"

#include <bit>
#include <cmath>

namespace shootdown::checker {

BitStateSet::BitStateSet(unsigned log2_bits)
    : bits_((std::uint64_t{1} << log2_bits) / 8 + 8), mask_((std::uint64_t{1} << log2_bits) - 1) {}

bool BitStateSet::insert(std::uint64_t hash) {
    auto* words = reinterpret_cast<std::uint64_t*>(bits_.data());
    // Double hashing: the k bit positions from two halves of one hash.
    const std::uint64_t step = std::rotl(hash, 29) | 1;
    bool fresh = false;
    for (unsigned i = 0; i < kHashes; ++i) {
        const std::uint64_t bit = (hash + i * step) & mask_;
        const std::uint64_t flag = std::uint64_t{1} << (bit & 63);
        std::uint64_t& word = words[bit >> 6];
        fresh = fresh || (word & flag) == 0;
        word |= flag;
    }
    return fresh;
}

// The sum, by the midpoint rule over 1024 slices (the terms vary smoothly).
double BitStateSet::expected_omissions(std::uint64_t states) const {
    constexpr int kSlices = 1024;
    const double n = static_cast<double>(states);
    const double m = static_cast<double>(bits());
    const double width = n / kSlices;
    double sum = 0;
    for (int s = 0; s < kSlices; ++s) {
        const double i = (s + 0.5) * width;
        const double k = kHashes;
        sum += std::pow(1 - std::exp(-k * i / m), k) * width;
    }
    return sum;
}

} // namespace shootdown::checker

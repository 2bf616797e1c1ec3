// Bitstate hashing (Holzmann's supertrace): a visited set of 2^b bits; a
// state sets k = 3 bits chosen from its 64-bit hash and counts as visited if
// all of them were already set. A new state whose bits are all set by
// others is never explored: when i states are stored, that happens with
// probability about (1 - e^(-k i / m))^k for m bits.
#pragma once

#include <cstdint>

#include "checker/memory_block.hpp"

namespace shootdown::checker {

class BitStateSet {
public:
    static constexpr unsigned kHashes = 3;

    explicit BitStateSet(unsigned log2_bits);

    // True if some bit of `hash` was clear (the state is new; now all are set).
    bool insert(std::uint64_t hash);

    [[nodiscard]] std::uint64_t bytes() const { return bits_.bytes(); }
    [[nodiscard]] std::uint64_t bits() const { return mask_ + 1; }
    // Expected new states mistaken for visited ones while `states` were
    // stored: the sum over i < states of (1 - e^(-k i / m))^k.
    [[nodiscard]] double expected_omissions(std::uint64_t states) const;

private:
    MemoryBlock bits_;
    std::uint64_t mask_;
};

} // namespace shootdown::checker

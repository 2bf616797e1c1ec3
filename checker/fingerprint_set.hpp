// Hash compaction: a visited set that keeps only a 64-bit fingerprint per
// state (no states), so two states with the same fingerprint count as one
// and the second is never explored. With n states the expected number of
// colliding pairs is about n^2 / 2^65.
//
// Linear probing in a table of any size (a fingerprint's home slot is
// fp * slots / 2^64, "fastrange"), filled up to 85 % and grown by a quarter,
// so it holds 8 / 0.85 .. 8 / 0.68 bytes per state: 9.4 to 11.8.
#pragma once

#include <cstdint>

#include "checker/memory_block.hpp"

namespace shootdown::checker {

class FingerprintSet {
public:
    FingerprintSet();

    // True if `fingerprint` was not in the set (it is now).
    bool insert(std::uint64_t fingerprint);

    [[nodiscard]] std::uint64_t size() const { return size_; }
    [[nodiscard]] std::uint64_t bytes() const { return table_.bytes(); }
    // Expected colliding pairs among `states` fingerprints: n(n-1)/2^65.
    [[nodiscard]] static double expected_collisions(std::uint64_t states);

private:
    __extension__ typedef unsigned __int128 Wide; // GCC and Clang have it

    [[nodiscard]] std::uint64_t home(std::uint64_t fingerprint) const {
        return static_cast<std::uint64_t>((static_cast<Wide>(fingerprint) * slots_) >> 64);
    }
    [[nodiscard]] std::uint64_t* table() const {
        return reinterpret_cast<std::uint64_t*>(table_.data());
    }
    void place(std::uint64_t fingerprint);
    void resize(std::uint64_t slots);

    MemoryBlock table_;
    std::uint64_t slots_ = 0;
    std::uint64_t size_ = 0;
    std::uint64_t grow_at_ = 0;
};

} // namespace shootdown::checker

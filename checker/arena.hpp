// The stored states in discovery order: each state's packed bytes and the
// index of the state it was first reached from (4 bytes).
//
// States live in chunks that never move, so pointers to stored states stay
// valid while the arena grows and no huge buffer is ever copied. Chunks grow
// geometrically, from a small first one (tests and litmus runs check many
// tiny models) up to a cap; beyond the cap every chunk has the cap's size.
// The chunk directory is allocated up front for the largest possible arena,
// so threads can read stored states while others append.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "checker/memory_block.hpp"

namespace shootdown::checker {

// Chunk capacities in states, both powers of two.
struct ArenaShape {
    std::uint32_t first_chunk_states = 1u << 10;
    std::uint32_t max_chunk_states = 1u << 21; // 2^21 states: whole 2 MiB pages
};

class Arena {
public:
    Arena(std::size_t packed_bytes, std::uint64_t max_states, ArenaShape shape);

    [[nodiscard]] const std::byte* state(std::uint32_t index) const {
        const Place place = locate(index);
        return states_[place.chunk].load(std::memory_order_relaxed) + place.offset * packed_bytes_;
    }
    [[nodiscard]] std::uint32_t parent(std::uint32_t index) const {
        const Place place = locate(index);
        return parents_[place.chunk].load(std::memory_order_relaxed)[place.offset];
    }
    // Only while no thread reads the parent (between levels).
    void set_parent(std::uint32_t index, std::uint32_t parent) {
        const Place place = locate(index);
        parents_[place.chunk].load(std::memory_order_relaxed)[place.offset] = parent;
    }
    // Writes state `index`, allocating its chunk if needed. Several threads
    // may write different indices at once.
    void put(std::uint32_t index, const std::byte* packed, std::uint32_t parent) {
        const Place place = locate(index);
        std::byte* states = states_[place.chunk].load(std::memory_order_acquire);
        if (states == nullptr) states = allocate(place.chunk);
        std::memcpy(states + place.offset * packed_bytes_, packed, packed_bytes_);
        parents_[place.chunk].load(std::memory_order_relaxed)[place.offset] = parent;
    }

    [[nodiscard]] std::size_t packed_bytes() const { return packed_bytes_; }
    // Bytes reserved by the chunks and the directory.
    [[nodiscard]] std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

private:
    struct Place {
        std::uint32_t chunk;
        std::uint32_t offset;
    };

    [[nodiscard]] Place locate(std::uint32_t index) const {
        if (index >= max_chunk_states_) {
            return {geometric_chunks_ - 1 + (index >> max_shift_), index & (max_chunk_states_ - 1)};
        }
        const std::uint32_t high = index >> first_shift_;
        if (high == 0) return {0, index};
        const auto chunk = static_cast<std::uint32_t>(std::bit_width(high));
        return {chunk, index - (std::uint32_t{1} << (first_shift_ + chunk - 1))};
    }
    [[nodiscard]] std::uint32_t chunk_states(std::uint32_t chunk) const;
    std::byte* allocate(std::uint32_t chunk);

    std::size_t packed_bytes_;
    unsigned first_shift_;
    unsigned max_shift_;
    std::uint32_t max_chunk_states_;
    std::uint32_t geometric_chunks_; // chunks before the first of the cap's size
    std::uint32_t directory_size_;
    std::unique_ptr<std::atomic<std::byte*>[]> states_;
    std::unique_ptr<std::atomic<std::uint32_t*>[]> parents_;
    std::mutex allocation_;
    std::vector<MemoryBlock> blocks_; // owns the chunks; guarded by allocation_
    std::atomic<std::uint64_t> bytes_{0};
};

} // namespace shootdown::checker

// The set of visited states and the arena that holds them.
//
// States are appended to a chunked arena in discovery order, so a state's
// index is also its position in the BFS queue, and each one carries a link to
// the state it was reached from. Chunks never move, which keeps pointers to
// stored states valid while the store grows and avoids copying a huge buffer
// on growth.
//
// The visited set is an open-addressing table (linear probing) of 64-bit
// slots: the upper 32 bits hold the upper half of the state's hash and the
// lower 32 bits its index + 1 (0 marks an empty slot). Comparing the hash half
// first means most probes never touch the arena; a match is confirmed by
// comparing the full states, so the set is exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace shootdown::checker {

class StateStore {
public:
    // Indices are 32-bit and index + 1 must fit a slot's lower half, so the
    // store holds at most 2^32 - 1 states and 0xffffffff is never an index.
    static constexpr std::uint64_t kMaxStates = 0xffffffffu;
    static constexpr std::uint32_t kNoParent = 0xffffffffu;
    static constexpr std::size_t kDefaultChunkBytes = std::size_t{1} << 18;

    // How a state was first reached: from `parent` by its `ordinal`-th
    // successor, or (parent == kNoParent) as the `ordinal`-th initial state.
    struct Link {
        std::uint32_t parent;
        std::uint32_t ordinal;
    };

    struct Insertion {
        std::uint32_t index = 0; // the state's index, unless `full`
        bool inserted = false;   // the state is new and was appended at `index`
        bool full = false;       // the state is new but the store is at its limit
    };

    // `max_states` is clamped to kMaxStates; `chunk_bytes` is the target
    // size of an arena chunk's state area (at least one state per chunk).
    explicit StateStore(std::size_t state_bytes, std::uint64_t max_states = kMaxStates,
                        std::size_t chunk_bytes = kDefaultChunkBytes);

    // Finds `state` or appends it with `link`.
    Insertion insert(const std::byte* state, Link link) { return insert(state, hash(state), link); }
    // The same with the state's hash() already known.
    Insertion insert(const std::byte* state, std::uint64_t hash, Link link);
    // True if `state` is stored; writes its index to `index`.
    [[nodiscard]] bool find(const std::byte* state, std::uint32_t& index) const;

    [[nodiscard]] std::uint64_t hash(const std::byte* state) const;
    // Starts loading the table slot where a state with this hash is probed
    // first: a search that hashes all successors of a state before inserting
    // them overlaps these cache misses instead of taking them one by one.
    void prefetch(std::uint64_t hash) const {
        __builtin_prefetch(table_.data() + (hash & (table_.size() - 1)));
    }

    [[nodiscard]] const std::byte* state(std::uint32_t index) const {
        return chunks_[index >> chunk_shift_].states.get() + (index & chunk_mask_) * state_bytes_;
    }
    [[nodiscard]] Link link(std::uint32_t index) const {
        return chunks_[index >> chunk_shift_].links[index & chunk_mask_];
    }

    [[nodiscard]] std::uint64_t size() const { return size_; }
    [[nodiscard]] std::size_t state_bytes() const { return state_bytes_; }
    // Bytes held by the arena, the links and the table.
    [[nodiscard]] std::uint64_t bytes() const;

private:
    struct Chunk {
        std::unique_ptr<std::byte[]> states;
        std::unique_ptr<Link[]> links;
    };

    // The slot holding `state`, or the empty slot where it would go.
    [[nodiscard]] std::size_t probe(const std::byte* state, std::uint64_t hash) const;
    void append(const std::byte* state, Link link);
    void grow_table();

    std::size_t state_bytes_;
    std::uint64_t max_states_;
    unsigned chunk_shift_;     // log2 of the states per chunk
    std::uint32_t chunk_mask_; // states per chunk - 1
    std::uint64_t size_ = 0;
    std::vector<Chunk> chunks_;
    std::vector<std::uint64_t> table_;
};

} // namespace shootdown::checker

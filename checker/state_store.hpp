// The set of visited states: the arena that holds them and an index over it.
//
// States are appended to the arena in discovery order, so a state's index is
// also its position in the BFS queue; each one keeps the index of the state
// it was first reached from.
//
// The index is an open-addressing table (linear probing) of 32-bit slots. A
// table of 2^k slots never holds more than 0.7 * 2^k states, so a state's
// index + 1 fits in the slot's low k bits (0 marks an empty slot); the
// remaining high bits hold as many bits of the state's hash, so most probes
// never touch the arena. A match is confirmed by comparing the packed
// states, so the set is exact.
//
// Insertion comes in two forms: insert() for a single thread, and
// insert_shared() for several threads at once (compare-and-swap on the
// slots), which leaves growing the table to the caller.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "checker/arena.hpp"
#include "checker/memory_block.hpp"

namespace shootdown::checker {

class StateStore {
public:
    // Indices are 32-bit; 0xffffffff is never an index (kNoParent) and
    // index + 1 never fills a slot's index bits (kBusy stays distinct).
    static constexpr std::uint64_t kMaxStates = 0xfffffffeu;
    static constexpr std::uint32_t kNoParent = 0xffffffffu;

    struct Insertion {
        std::uint32_t index = 0; // the state's index, if stored
        bool inserted = false;   // the state is new and was appended at `index`
        bool full = false;       // the state is new but the store is at its limit
        bool crowded = false;    // insert_shared() only: grow() first, then retry
    };

    // `max_states` is clamped to kMaxStates.
    explicit StateStore(std::size_t packed_bytes, std::uint64_t max_states = kMaxStates,
                        ArenaShape shape = {});

    // Finds `state` (its packed bytes) or appends it, reached from `parent`.
    Insertion insert(const std::byte* state, std::uint64_t hash, std::uint32_t parent);
    Insertion insert(const std::byte* state, std::uint32_t parent) {
        return insert(state, hash(state), parent);
    }
    // The search's form (the lossy stores log the step's ordinal): the
    // exact store keeps only the parent, and path_to() finds the ordinal again.
    Insertion insert(const std::byte* state, std::uint64_t hash, std::uint32_t parent,
                     std::uint32_t /*ordinal*/) {
        return insert(state, hash, parent);
    }
    // The same, safe to call from several threads at once as long as none
    // calls grow() meanwhile. Returns `crowded` instead of letting the table
    // fill up: the caller then gets exclusive access and calls grow().
    Insertion insert_shared(const std::byte* state, std::uint64_t hash, std::uint32_t parent);
    // Doubles the table (exclusive access only); a no-op unless crowded().
    void grow();
    [[nodiscard]] bool crowded() const { return size() >= grow_at_; }

    // True if `state` is stored; writes its index to `index`.
    [[nodiscard]] bool find(const std::byte* state, std::uint32_t& index) const;

    [[nodiscard]] std::uint64_t hash(const std::byte* state) const;
    // Starts loading the table slot where a state with this hash is probed
    // first: a search that hashes a batch of successors before inserting them
    // overlaps these cache misses instead of taking them one by one.
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(slots() + (hash & mask_)); }

    // The packed bytes of a stored state (packed_bytes() long).
    [[nodiscard]] const std::byte* state(std::uint32_t index) const { return arena_.state(index); }
    [[nodiscard]] std::uint32_t parent(std::uint32_t index) const { return arena_.parent(index); }
    // Re-points a stored state at another parent (LevelOrder, between levels).
    void set_parent(std::uint32_t index, std::uint32_t parent) { arena_.set_parent(index, parent); }

    [[nodiscard]] std::uint64_t size() const {
        const std::uint64_t claimed = claimed_.load(std::memory_order_acquire);
        return claimed < max_states_ ? claimed : max_states_;
    }
    [[nodiscard]] std::size_t packed_bytes() const { return arena_.packed_bytes(); }
    // Bytes held by the arena (states and parents) and the table.
    [[nodiscard]] std::uint64_t bytes() const { return arena_.bytes() + table_.bytes(); }

private:
    static constexpr std::uint32_t kBusy = 0xffffffffu; // claimed, not yet written

    template <bool kShared>
    Insertion insert_at(const std::byte* state, std::uint64_t hash, std::uint32_t parent);
    template <bool kShared>
    std::uint32_t settled(std::uint64_t pos) const;
    template <bool kShared>
    bool claim(std::uint64_t pos);
    template <bool kShared>
    Insertion place(std::uint64_t pos, const std::byte* state, std::uint64_t hash,
                    std::uint32_t parent);
    [[nodiscard]] bool holds(std::uint32_t slot, std::uint32_t tag, const std::byte* state) const;
    [[nodiscard]] std::uint32_t* slots() const {
        return reinterpret_cast<std::uint32_t*>(table_.data());
    }
    [[nodiscard]] std::uint32_t tag_of(std::uint64_t hash) const {
        return static_cast<std::uint32_t>(hash >> 32) & tag_mask_;
    }
    void size_table(std::uint64_t slots);
    void rehash(); // fills the (empty) table from the arena

    std::uint64_t max_states_;
    Arena arena_;
    MemoryBlock table_;
    std::uint64_t mask_ = 0;       // slots - 1
    std::uint32_t index_mask_ = 0; // the slot bits holding index + 1
    std::uint32_t tag_mask_ = 0;   // the slot bits holding hash bits
    std::uint64_t grow_at_ = 0;    // grow the table when this many states are stored
    // States appended so far, or claimed by threads still writing them; may
    // exceed max_states_ by the attempts that found the store full.
    std::atomic<std::uint64_t> claimed_{0};
};

} // namespace shootdown::checker

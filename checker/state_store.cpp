#include "checker/state_store.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <new>

// Inlining XXH3 lets the compiler specialise it for the (fixed) state size
// at the call site instead of going through the library's generic entry point.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace shootdown::checker {

namespace {

// Large enough that the index bits of a slot keep room for the few states
// threads may claim past the growth point (see insert_shared()).
constexpr std::uint64_t kInitialSlots = 4096;

void pause() {
    __builtin_ia32_pause();
}

} // namespace

StateStore::StateStore(std::size_t packed_bytes, std::uint64_t max_states, ArenaShape shape)
    : max_states_(std::min(max_states, kMaxStates)), arena_(packed_bytes, max_states_, shape) {
    size_table(kInitialSlots);
}

// Linear probing degrades quickly beyond a load of 7/10.
void StateStore::size_table(std::uint64_t slots) {
    table_ = MemoryBlock(); // free the old table first: lower peak
    table_ = MemoryBlock(slots * sizeof(std::uint32_t));
    mask_ = slots - 1;
    const auto index_bits = std::min<unsigned>(32, static_cast<unsigned>(std::bit_width(mask_)));
    index_mask_ = index_bits == 32 ? 0xffffffffu : (std::uint32_t{1} << index_bits) - 1;
    tag_mask_ = ~index_mask_;
    grow_at_ = slots / 10 * 7;
}

std::uint64_t StateStore::hash(const std::byte* state) const {
    return XXH3_64bits(state, arena_.packed_bytes());
}

bool StateStore::holds(std::uint32_t slot, std::uint32_t tag, const std::byte* state) const {
    if ((slot & tag_mask_) != tag) return false;
    const std::uint32_t index = (slot & index_mask_) - 1;
    return std::memcmp(arena_.state(index), state, arena_.packed_bytes()) == 0;
}

// The slot's value once no thread is writing it.
template <bool kShared>
std::uint32_t StateStore::settled(std::uint64_t pos) const {
    if constexpr (!kShared) {
        return slots()[pos];
    } else {
        const std::atomic_ref<std::uint32_t> slot(slots()[pos]);
        std::uint32_t value = slot.load(std::memory_order_acquire);
        while (value == kBusy) {
            pause();
            value = slot.load(std::memory_order_acquire);
        }
        return value;
    }
}

// Makes the empty slot at `pos` ours; false if another thread got there first.
template <bool kShared>
bool StateStore::claim(std::uint64_t pos) {
    if constexpr (!kShared) {
        return true;
    } else {
        std::uint32_t empty = 0;
        return std::atomic_ref<std::uint32_t>(slots()[pos])
            .compare_exchange_strong(empty, kBusy, std::memory_order_acquire,
                                     std::memory_order_relaxed);
    }
}

// Appends `state` and fills the claimed slot at `pos` (publishing the state
// to other threads), or empties it again if the store is full.
template <bool kShared>
StateStore::Insertion StateStore::place(std::uint64_t pos, const std::byte* state,
                                        std::uint64_t hash, std::uint32_t parent) {
    std::uint64_t index = 0;
    if constexpr (kShared)
        index = claimed_.fetch_add(1, std::memory_order_relaxed);
    else
        index = claimed_.load(std::memory_order_relaxed);
    const std::atomic_ref<std::uint32_t> slot(slots()[pos]);
    if (index >= max_states_) {
        if constexpr (kShared) slot.store(0, std::memory_order_release);
        return {0, false, true, false};
    }
    if constexpr (kShared) {
        try {
            arena_.put(static_cast<std::uint32_t>(index), state, parent);
        } catch (...) {
            slot.store(0, std::memory_order_release); // threads probing here must not wait forever
            throw;
        }
    } else {
        arena_.put(static_cast<std::uint32_t>(index), state, parent);
    }
    slot.store(tag_of(hash) | static_cast<std::uint32_t>(index + 1), std::memory_order_release);
    if constexpr (!kShared) claimed_.store(index + 1, std::memory_order_release);
    return {static_cast<std::uint32_t>(index), true, false, false};
}

template <bool kShared>
StateStore::Insertion StateStore::insert_at(const std::byte* state, std::uint64_t hash,
                                            std::uint32_t parent) {
    const std::uint32_t tag = tag_of(hash);
    for (std::uint64_t pos = hash & mask_;; pos = (pos + 1) & mask_) {
        std::uint32_t slot = settled<kShared>(pos);
        while (slot == 0) {
            // Only a new state reads the shared count: duplicates, most of
            // the inserts, never touch that contended cache line.
            if (kShared && crowded()) return {0, false, false, true};
            if (claim<kShared>(pos)) return place<kShared>(pos, state, hash, parent);
            slot = settled<kShared>(pos); // lost the race: look at what won it
        }
        if (holds(slot, tag, state)) return {(slot & index_mask_) - 1, false, false, false};
    }
}

StateStore::Insertion StateStore::insert(const std::byte* state, std::uint64_t hash,
                                         std::uint32_t parent) {
    if (crowded()) grow();
    return insert_at<false>(state, hash, parent);
}

// Threads check for crowding before they claim a slot, so each may claim at
// most one state past grow_at_: the table stays far from full and index + 1
// far from filling the index bits.
StateStore::Insertion StateStore::insert_shared(const std::byte* state, std::uint64_t hash,
                                                std::uint32_t parent) {
    return insert_at<true>(state, hash, parent);
}

// Safe alongside insert_shared() (partial-order reduction asks while other
// workers insert); on one thread the atomic loads cost nothing extra on x86.
bool StateStore::find(const std::byte* state, std::uint32_t& index) const {
    const std::uint64_t h = hash(state);
    const std::uint32_t tag = tag_of(h);
    for (std::uint64_t pos = h & mask_;; pos = (pos + 1) & mask_) {
        const std::uint32_t slot = settled<true>(pos);
        if (slot == 0) return false;
        if (holds(slot, tag, state)) {
            index = (slot & index_mask_) - 1;
            return true;
        }
    }
}

// Slots keep too few hash bits to find a state's position in a larger table,
// so the states are rehashed from the arena. The arena is read in order; this
// costs about one extra hash per state overall, and the old table is freed
// before the new one is allocated.
void StateStore::grow() {
    if (!crowded()) return;
    const std::uint64_t slots = mask_ + 1;
    try {
        size_table(2 * slots);
    } catch (const std::bad_alloc&) {
        // Out of memory: take back the size just freed, so that the store
        // stays whole for the report (and other threads) while the search stops.
        size_table(slots);
        rehash();
        throw;
    }
    rehash();
}

void StateStore::rehash() {
    const std::uint64_t count = size();
    // Batches overlap the cache misses of the random writes (see prefetch()).
    constexpr std::uint64_t kBatch = 16;
    std::array<std::uint64_t, kBatch> hashes{};
    std::uint32_t* table = slots();
    for (std::uint64_t first = 0; first < count; first += kBatch) {
        const std::uint64_t n = std::min(kBatch, count - first);
        for (std::uint64_t i = 0; i < n; ++i) {
            hashes[i] = hash(arena_.state(static_cast<std::uint32_t>(first + i)));
            prefetch(hashes[i]);
        }
        for (std::uint64_t i = 0; i < n; ++i) {
            std::uint64_t pos = hashes[i] & mask_;
            while (table[pos] != 0)
                pos = (pos + 1) & mask_;
            table[pos] = tag_of(hashes[i]) | static_cast<std::uint32_t>(first + i + 1);
        }
    }
}

} // namespace shootdown::checker

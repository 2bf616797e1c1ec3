#include "checker/state_store.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

// Inlining XXH3 lets the compiler specialise it for the (fixed) state size
// at the call site instead of going through the library's generic entry point.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace shootdown::checker {

namespace {

constexpr std::size_t kInitialSlots = 1024;
constexpr std::uint64_t kIndexMask = 0xffffffffu;

// Grow before the load factor exceeds 7/10: linear probing degrades quickly
// beyond that.
bool overloaded(std::uint64_t states, std::size_t slots) {
    return states * 10 > slots * 7;
}

std::uint64_t make_slot(std::uint64_t hash, std::uint64_t index) {
    return (hash & ~kIndexMask) | (index + 1);
}

} // namespace

StateStore::StateStore(std::size_t state_bytes, std::uint64_t max_states, std::size_t chunk_bytes)
    : state_bytes_(state_bytes), max_states_(std::min(max_states, kMaxStates)),
      table_(kInitialSlots, 0) {
    const std::size_t per_chunk = std::clamp<std::size_t>(
        chunk_bytes / std::max<std::size_t>(state_bytes, 1), 1, std::size_t{1} << 31);
    chunk_shift_ = static_cast<unsigned>(std::bit_width(per_chunk) - 1);
    chunk_mask_ = (std::uint32_t{1} << chunk_shift_) - 1;
}

std::uint64_t StateStore::hash(const std::byte* state) const {
    return XXH3_64bits(state, state_bytes_);
}

std::size_t StateStore::probe(const std::byte* state, std::uint64_t hash) const {
    const std::size_t mask = table_.size() - 1;
    const std::uint64_t tag = hash & ~kIndexMask;
    for (std::size_t pos = hash & mask;; pos = (pos + 1) & mask) {
        const std::uint64_t slot = table_[pos];
        if (slot == 0) return pos;
        if ((slot & ~kIndexMask) == tag) {
            const auto index = static_cast<std::uint32_t>((slot & kIndexMask) - 1);
            if (std::memcmp(this->state(index), state, state_bytes_) == 0) return pos;
        }
    }
}

StateStore::Insertion StateStore::insert(const std::byte* state, std::uint64_t h, Link link) {
    std::size_t pos = probe(state, h);
    if (table_[pos] != 0) {
        return {static_cast<std::uint32_t>((table_[pos] & kIndexMask) - 1), false, false};
    }
    if (size_ >= max_states_) return {0, false, true};
    if (overloaded(size_ + 1, table_.size())) {
        grow_table();
        pos = probe(state, h);
    }
    const std::uint64_t index = size_;
    append(state, link);
    table_[pos] = make_slot(h, index);
    return {static_cast<std::uint32_t>(index), true, false};
}

bool StateStore::find(const std::byte* state, std::uint32_t& index) const {
    const std::uint64_t slot = table_[probe(state, hash(state))];
    if (slot == 0) return false;
    index = static_cast<std::uint32_t>((slot & kIndexMask) - 1);
    return true;
}

void StateStore::append(const std::byte* state, Link link) {
    const std::size_t chunk = size_ >> chunk_shift_;
    if (chunk == chunks_.size()) {
        const std::size_t per_chunk = std::size_t{chunk_mask_} + 1;
        chunks_.push_back({std::make_unique_for_overwrite<std::byte[]>(per_chunk * state_bytes_),
                           std::make_unique_for_overwrite<Link[]>(per_chunk)});
    }
    const auto index = static_cast<std::uint32_t>(size_);
    Chunk& target = chunks_[chunk];
    std::memcpy(target.states.get() + (index & chunk_mask_) * state_bytes_, state, state_bytes_);
    target.links[index & chunk_mask_] = link;
    ++size_;
}

// Slots keep only the upper half of the hash, but the position in a larger
// table needs lower bits too, so the states are rehashed from the arena. The
// arena is read in order; this costs about one extra hash per state overall,
// and the old table can be freed before the new one is allocated.
void StateStore::grow_table() {
    const std::size_t slots = table_.size() * 2;
    std::vector<std::uint64_t>().swap(table_); // free the old table first: lower peak
    table_.assign(slots, 0);
    const std::size_t mask = table_.size() - 1;
    // Batches overlap the cache misses of the random writes (see prefetch()).
    constexpr std::uint64_t kBatch = 16;
    std::array<std::uint64_t, kBatch> hashes{};
    for (std::uint64_t first = 0; first < size_; first += kBatch) {
        const std::uint64_t count = std::min(kBatch, size_ - first);
        for (std::uint64_t i = 0; i < count; ++i) {
            hashes[i] = hash(state(static_cast<std::uint32_t>(first + i)));
            prefetch(hashes[i]);
        }
        for (std::uint64_t i = 0; i < count; ++i) {
            std::size_t pos = hashes[i] & mask;
            while (table_[pos] != 0)
                pos = (pos + 1) & mask;
            table_[pos] = make_slot(hashes[i], first + i);
        }
    }
}

std::uint64_t StateStore::bytes() const {
    const std::uint64_t per_chunk = std::uint64_t{chunk_mask_} + 1;
    return chunks_.size() * per_chunk * (state_bytes_ + sizeof(Link)) +
           chunks_.capacity() * sizeof(Chunk) + table_.size() * sizeof(std::uint64_t);
}

} // namespace shootdown::checker

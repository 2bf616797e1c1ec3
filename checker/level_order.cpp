#include "checker/level_order.hpp"

#include <algorithm>
#include <numeric>

namespace shootdown::checker {

namespace {

// Enough chunks for every possible index.
constexpr std::uint64_t kDirectory = (std::uint64_t{1} << 32) >> 16;

} // namespace

LevelOrder::LevelOrder()
    : chunks_(std::make_unique<std::atomic<std::atomic<std::uint64_t>*>[]>(kDirectory)) {}

void LevelOrder::start(std::uint32_t end) {
    next_begin_ = end;
    rank_.resize(end);
    order_.resize(end);
    std::iota(rank_.begin(), rank_.end(), 0u);
    std::iota(order_.begin(), order_.end(), 0u);
}

std::atomic<std::uint64_t>* LevelOrder::allocate(std::uint32_t chunk) {
    const std::lock_guard<std::mutex> lock(allocation_);
    if (auto* keys = chunks_[chunk].load(std::memory_order_acquire)) return keys;
    owned_.push_back(std::make_unique<std::atomic<std::uint64_t>[]>(kChunk)); // zeroed
    chunks_[chunk].store(owned_.back().get(), std::memory_order_release);
    return owned_.back().get();
}

std::uint64_t LevelOrder::key_of(std::uint32_t state) const {
    const std::uint32_t offset = state - next_begin_;
    return ~chunks_[offset >> kChunkShift]
                .load(std::memory_order_relaxed)[offset & (kChunk - 1)]
                .load(std::memory_order_relaxed);
}

// A counting sort by source rank, then by ordinal among a source's states
// (a handful each): linear in the two levels' sizes.
void LevelOrder::settle(StateStore& store, std::uint32_t end) {
    next_end_ = end;
    settled_empty_ = end == next_begin_;
    const std::uint32_t width = end - next_begin_;
    std::vector<std::uint32_t> first(order_.size() + 1, 0); // per source rank
    for (std::uint32_t s = next_begin_; s < end; ++s)
        ++first[(key_of(s) >> 32) + 1];
    std::partial_sum(first.begin(), first.end(), first.begin());
    next_order_.assign(width, 0);
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (std::uint32_t s = next_begin_; s < end; ++s)
        next_order_[fill[key_of(s) >> 32]++] = s;
    for (std::size_t r = 0; r + 1 < first.size(); ++r)
        std::sort(next_order_.begin() + first[r], next_order_.begin() + first[r + 1],
                  [&](std::uint32_t a, std::uint32_t b) { return key_of(a) < key_of(b); });
    next_rank_.assign(width, 0);
    for (std::uint32_t r = 0; r < width; ++r) {
        const std::uint32_t s = next_order_[r];
        next_rank_[s - next_begin_] = r;
        store.set_parent(s, order_[key_of(s) >> 32]);
    }
}

std::uint64_t LevelOrder::sooner(const Finding& finding) const {
    if (finding.kind == ViolationKind::Invariant && finding.index >= next_begin_)
        return key_of(finding.index); // a new state: where it was first reached
    const std::uint64_t rank = rank_[finding.index - begin_];
    return (rank << 32) | std::uint64_t{finding.step.value_or(0)};
}

void LevelOrder::advance() {
    const std::uint32_t width = next_end_ - next_begin_;
    for (std::uint32_t offset = 0; offset < width; ++offset) // fresh keys for the next level
        chunks_[offset >> kChunkShift].load(std::memory_order_relaxed)[offset & (kChunk - 1)].store(
            0, std::memory_order_relaxed);
    rank_.swap(next_rank_);
    order_.swap(next_order_);
    begin_ = next_begin_;
    next_begin_ = next_end_;
    settled_empty_ = false;
}

} // namespace shootdown::checker

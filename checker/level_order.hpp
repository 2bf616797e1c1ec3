// The parallel search's counterexample, made the one-thread search's.
//
// With several threads the states of a level are stored in no fixed order,
// and each one's parent is whichever thread stored it first; a
// counterexample read back along those links differs from run to run. The
// one-thread search orders a level by (its parent's position in the level
// before, the step's ordinal), with the least such pair as the parent. So
// the threads record, for every state of the level they build, the least
// (source rank, ordinal) that reaches it (an atomic minimum; duplicates of
// older levels are ignored), and at the end of the level one thread ranks
// the new states by that pair and points each at its least source. Ranks
// and parents then equal the one-thread search's, and so does the finding
// it would meet first: the least (rank of the expanded source, ordinal).
//
// Memory: 8 bytes per state of the level being built (reused level after
// level) and 8 per state of the level being expanded.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "checker/engine.hpp"
#include "checker/state_store.hpp"

namespace shootdown::checker {

class LevelOrder {
public:
    LevelOrder();
    // Before the first level: the initial states [0, end), ranked by index
    // (they are stored in order).
    void start(std::uint32_t end);

    // `state` was reached from the expanded `source` by step `ordinal`.
    // Any thread, any time during the level.
    void offer(std::uint32_t state, std::uint32_t source, std::uint32_t ordinal) {
        if (state < next_begin_) return; // an older level's state
        const std::uint64_t key =
            (std::uint64_t{rank_[source - begin_]} << 32) | std::uint64_t{ordinal};
        std::atomic<std::uint64_t>& slot = key_slot(state - next_begin_);
        // Stored inverted, so that a fresh (zero) slot loses to every key.
        const std::uint64_t inverted = ~key;
        std::uint64_t seen = slot.load(std::memory_order_relaxed);
        while (inverted > seen &&
               !slot.compare_exchange_weak(seen, inverted, std::memory_order_relaxed)) {}
    }

    // One thread, once the level's states [next_begin, end) are stored:
    // ranks them and sets their parents in `store`.
    void settle(StateStore& store, std::uint32_t end);
    // After settle(): where the one-thread search would meet `finding`
    // (found while expanding this level); less is sooner.
    [[nodiscard]] std::uint64_t sooner(const Finding& finding) const;
    // After settle(): the new level becomes the one to expand.
    void advance();
    // settle() ran for the level being built.
    [[nodiscard]] bool settled() const { return next_end_ > next_begin_ || settled_empty_; }

private:
    static constexpr unsigned kChunkShift = 16; // 512 KiB of keys a chunk
    static constexpr std::uint32_t kChunk = 1u << kChunkShift;

    std::atomic<std::uint64_t>& key_slot(std::uint32_t offset) {
        std::atomic<std::uint64_t>* chunk =
            chunks_[offset >> kChunkShift].load(std::memory_order_acquire);
        if (chunk == nullptr) chunk = allocate(offset >> kChunkShift);
        return chunk[offset & (kChunk - 1)];
    }
    [[nodiscard]] std::uint64_t key_of(std::uint32_t state) const;
    std::atomic<std::uint64_t>* allocate(std::uint32_t chunk);

    std::uint32_t begin_ = 0;          // the level being expanded: [begin_, next_begin_)
    std::uint32_t next_begin_ = 0;     // the level being built starts here
    std::uint32_t next_end_ = 0;       // and, once settled, ends here
    bool settled_empty_ = false;       // settled, and no state was new
    std::vector<std::uint32_t> rank_;  // of each state of the expanded level
    std::vector<std::uint32_t> order_; // the expanded level's states by rank
    std::vector<std::uint32_t> next_rank_, next_order_;
    std::unique_ptr<std::atomic<std::atomic<std::uint64_t>*>[]> chunks_;
    std::vector<std::unique_ptr<std::atomic<std::uint64_t>[]>> owned_; // guarded by allocation_
    std::mutex allocation_;
};

} // namespace shootdown::checker

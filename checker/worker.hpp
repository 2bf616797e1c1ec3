// Expands batches of stored states: one worker per thread, with its own
// buffers, so after warm-up an expansion allocates nothing. A worker serves
// any store the engine does; only the exact store has several workers.
//
// A batch is processed in two passes. The first generates the successors of
// every source, hashes them and prefetches their table slots; the second
// stores and checks them in order. By the time a successor is probed its
// slot is usually in cache, and the order of insertions (hence indices and
// which violation is met first) is exactly that of expanding the sources one
// by one.
#pragma once

#include <atomic>
#include <cstdint>
#include <shared_mutex>
#include <span>
#include <vector>

#include "checker/ample.hpp"
#include "checker/engine.hpp"
#include "checker/level_order.hpp"
#include "checker/successors.hpp"

namespace shootdown::checker {

// A stored state to expand, `depth` steps from an initial state.
struct Source {
    std::uint32_t index;
    std::uint32_t depth;
};

template <class Store>
class alignas(64) Worker {
public:
    static constexpr std::size_t kBatch = StorePolicy<Store>::kBatch;

    // With `growth` (exact store only), several workers share the store: each
    // batch holds the mutex shared and grows the table under it exclusively.
    // With `order`, every state stored or found again is offered to it.
    explicit Worker(Engine<Store>& engine, std::shared_mutex* growth = nullptr,
                    LevelOrder* order = nullptr);

    // Expands up to kBatch sources in order; Stop when the search must end.
    // `horizon`: the partial-order reduction's cycle proviso (ample.hpp).
    Flow expand(std::span<const Source> sources, std::uint64_t horizon = kNoHorizon);

    // What this worker counted so far; other threads may read it.
    [[nodiscard]] Tally tally() const;

private:
    void generate(std::span<const Source> sources);
    Flow process(std::size_t slot, const Source& source, const std::uint64_t* hashes);
    [[nodiscard]] std::uint64_t steps(const std::byte* state, const Successors& out) const;
    Flow store(const std::byte* state, std::uint64_t hash, const Source& source,
               std::uint32_t ordinal);
    StateStore::Insertion insert(const std::byte* state, std::uint64_t hash, std::uint32_t parent,
                                 std::uint32_t ordinal);

    Engine<Store>& engine_;
    const TransitionSystem& system_;
    Store& store_;
    std::shared_mutex* growth_;
    LevelOrder* order_;
    std::unique_ptr<StateObserver> observer_;    // this thread's (TransitionSystem::make_observer)
    std::shared_lock<std::shared_mutex> shared_; // held during a batch
    std::vector<Successors> successors_;         // one per source of a batch
    // The sources unpacked to full states_bytes(), tails zero: the store keeps
    // only packed bytes, but the system reads whole words.
    std::vector<std::byte> sources_;
    std::vector<std::uint64_t> hashes_;   // of all successors of a batch
    std::vector<std::size_t> first_hash_; // per source: its first entry in hashes_
    // Written by this worker only; atomic so that progress reports may read them.
    std::uint64_t horizon_ = kNoHorizon; // of the batch being expanded
    std::atomic<std::uint64_t> transitions_{0};
    std::atomic<std::uint32_t> depth_{0};
    std::atomic<bool> depth_cut_{false};
};

extern template class Worker<StateStore>;
extern template class Worker<LossyStore<FingerprintSet>>;
extern template class Worker<LossyStore<BitStateSet>>;

} // namespace shootdown::checker

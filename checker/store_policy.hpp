// How the one search engine (engine.hpp, worker.hpp, bfs.cpp) uses each
// kind of visited set, where the kinds truly differ: how many states are
// expanded between limit checks, where the frontier lives, how a
// counterexample path is rebuilt, what the statistics count and what the
// set may have missed. Everything else (finding and adding states:
// hash(), prefetch(), insert(), state(), size(), bytes()) the stores share
// as members with the same meaning. Internal to the checker library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "checker/lossy_store.hpp"
#include "checker/path.hpp"
#include "checker/search.hpp"
#include "checker/state_store.hpp"

namespace shootdown::checker {

template <class Store>
struct StorePolicy;

// The exact store: the arena is the BFS queue and keeps parents; a path's
// ordinals are found again by regenerating each parent's successors. Only
// this store serves partial-order reduction, DFS and several threads.
template <>
struct StorePolicy<StateStore> {
    static constexpr bool kExact = true;
    static constexpr std::size_t kBatch = 16; // see worker.hpp
    static StateStore make(const TransitionSystem& system, const SearchOptions& options) {
        return StateStore(system.packed_bytes(),
                          options.max_states == 0 ? StateStore::kMaxStates : options.max_states);
    }
    static void begin_level(StateStore& /*store*/) {}
    static Path path(const TransitionSystem& system, StateStore& store, std::uint32_t index) {
        return path_to(system, store, index);
    }
    static std::uint64_t stored_bytes(const StateStore& store) { return store.bytes(); }
    static std::optional<Omission> omission(const StateStore& /*store*/) { return std::nullopt; }
};

// A lossy store: the frontier is its two packed levels, paths come from its
// trace log, and it checks the limits before every state (as it always has,
// so a memory limit stops it where it did).
template <class Visited>
struct StorePolicy<LossyStore<Visited>> {
    using Store = LossyStore<Visited>;
    static constexpr bool kExact = false;
    static constexpr std::size_t kBatch = 1;
    static Store make(const TransitionSystem& system, const SearchOptions& options) {
        const std::uint64_t max =
            options.max_states == 0 ? StateStore::kMaxStates : options.max_states;
        if constexpr (std::is_same_v<Visited, BitStateSet>)
            return Store(system.packed_bytes(), max, options.bitstate_log2_bits);
        else
            return Store(system.packed_bytes(), max);
    }
    static void begin_level(Store& store) { store.begin_level(); }
    static Path path(const TransitionSystem& /*system*/, Store& store, std::uint32_t index) {
        return store.path_to(index);
    }
    static std::uint64_t stored_bytes(const Store& store) { return store.visited_bytes(); }
    static std::optional<Omission> omission(const Store& store) { return store.omission(); }
};

} // namespace shootdown::checker

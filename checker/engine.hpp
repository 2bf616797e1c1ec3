// What the search strategies share: the store, the rules for what a search
// finds (violations, limits, terminal states) and the final result. Workers
// (worker.hpp) expand states and report here; a strategy decides which
// stored states are expanded and when. The visited set is a template
// parameter, so the exact store's calls stay direct: StateStore, or a
// LossyStore (store_policy.hpp says how they differ). Internal to the
// checker library.
//
// The reporting functions may be called from several threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "checker/limit_guard.hpp"
#include "checker/search.hpp"
#include "checker/state_store.hpp"
#include "checker/store_policy.hpp"
#include "checker/transition_system.hpp"
#include "checker/watchdog.hpp"

namespace shootdown::checker {

// A violation found while expanding, kept small until the search ends: the
// path is built only for the one reported.
struct Finding {
    ViolationKind kind = ViolationKind::Invariant;
    PropertyId property = kNoProperty;
    std::uint32_t index = 0;           // the violating state, or the source of a violating step
    std::optional<std::uint32_t> step; // the violating step's ordinal
    std::uint32_t length = 0;          // steps in the counterexample
};

// What one worker counted.
struct Tally {
    std::uint64_t transitions = 0;
    std::uint32_t depth = 0; // of the deepest state it stored
    bool depth_cut = false;  // a state at max_depth had successors
};

enum class Flow { Continue, Stop };

template <class Store>
class Engine {
public:
    using Policy = StorePolicy<Store>;

    // With `finish_level`, a violation does not stop the search at once: the
    // strategy finishes the BFS level and the shortest finding wins (several
    // threads find them in no fixed order).
    Engine(const TransitionSystem& system, const SearchOptions& options, bool finish_level = false);

    // Stores and checks the initial states, in the order the system lists
    // them. Single-threaded.
    Flow add_initial_states();

    Flow violation(const Finding& finding);
    Flow stop(Limit limit);
    // Passes a final state to options.on_terminal, one call at a time.
    void terminal(const std::byte* state);
    // Enforces the memory and time limits and reports progress when due.
    // Called by one thread, before each batch of expansions; `queued` states
    // wait and the strategy holds `queue_bytes` outside the store.
    Flow check_limits(std::uint64_t queued, std::uint64_t queue_bytes, const Tally& so_far);

    // True once the search must end: a limit, or a violation without
    // finish_level.
    [[nodiscard]] bool stopped() const { return stopped_.load(std::memory_order_relaxed); }
    // The flag behind stopped(), for successor generation to poll.
    [[nodiscard]] const std::atomic<bool>& stop_flag() const { return stopped_; }
    [[nodiscard]] bool found_violation() const { return found_.load(std::memory_order_relaxed); }
    [[nodiscard]] bool at_depth_limit(std::uint32_t depth) const {
        return options_.max_depth != 0 && depth >= options_.max_depth;
    }

    // The verdict with final statistics. Call once, when the search ends.
    // With `sooner`, the finding reported is the least by it (the one-thread
    // search's: see level_order.hpp) instead of the shortest.
    SearchResult finish(std::span<const Tally> tallies,
                        const std::function<std::uint64_t(const Finding&)>& sooner = {});

    [[nodiscard]] const TransitionSystem& system() const { return system_; }
    [[nodiscard]] const SearchOptions& options() const { return options_; }
    [[nodiscard]] Store& store() { return store_; }
    [[nodiscard]] const Store& store() const { return store_; }

private:
    const TransitionSystem& system_;
    const SearchOptions& options_;
    bool finish_level_;
    Store store_;
    LimitGuard limits_;
    std::unique_ptr<StateObserver> observer_; // for the initial states
    std::mutex events_;                       // guards the fields below
    std::mutex terminal_;                     // serialises on_terminal
    std::optional<Finding> finding_;
    std::vector<Finding> findings_;                   // every one, with finish_level
    std::optional<Counterexample> initial_violation_; // a step violation with no steps
    Limit limit_ = Limit::None;
    std::atomic<bool> stopped_{false};
    std::atomic<bool> found_{false};
    Watchdog watchdog_; // last: may call stop() as soon as it exists
};

extern template class Engine<StateStore>;
extern template class Engine<LossyStore<FingerprintSet>>;
extern template class Engine<LossyStore<BitStateSet>>;

// The strategies, each in its own file. Breadth-first search serves every
// store (SearchOptions::store), the others the exact one.
SearchResult breadth_first_search(const TransitionSystem& system, const SearchOptions& options);
SearchResult parallel_breadth_first_search(const TransitionSystem& system,
                                           const SearchOptions& options, unsigned threads);
SearchResult depth_first_search(const TransitionSystem& system, const SearchOptions& options);

} // namespace shootdown::checker

// What the search strategies share: the store, the successor buffer, the rules
// that turn an expansion into verdicts, and the limits. A strategy only
// decides the order in which stored states are expanded. Internal to the
// checker library.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/pacer.hpp"
#include "checker/search.hpp"
#include "checker/state_store.hpp"
#include "checker/successors.hpp"
#include "checker/transition_system.hpp"

namespace shootdown::checker {

class Engine {
public:
    enum class Flow { Continue, Stop };

    Engine(const TransitionSystem& system, const SearchOptions& options);

    // Stores and checks the initial states; new states are appended to the
    // store in the order the system lists them.
    Flow add_initial_states();
    // Generates the successors of the stored state `index`, which lies
    // `depth` steps from an initial state, then stores and checks the new
    // ones, appending them to the store in successor order.
    Flow expand(std::uint32_t index, std::uint32_t depth);
    // Called before each expansion: enforces the memory and time limits and
    // reports progress when due. `queued` states wait to be expanded and the
    // strategy holds `queue_bytes` outside the store.
    Flow check_limits(std::uint64_t queued, std::uint64_t queue_bytes);
    // The verdict with final statistics. Call once, when the search ends.
    SearchResult finish();

    [[nodiscard]] const StateStore& store() const { return store_; }

private:
    Flow add(const std::byte* state, std::uint64_t hash, std::uint32_t parent, std::uint32_t depth);
    Flow violation(ViolationKind kind, PropertyId property, Path path);
    Flow stop(Limit limit);
    [[nodiscard]] bool at_depth_limit(std::uint32_t depth) const {
        return options_.max_depth != 0 && depth >= options_.max_depth;
    }

    const TransitionSystem& system_;
    const SearchOptions& options_;
    StateStore store_;
    Successors successors_;
    // A stored state unpacked to the full state_bytes(): the store keeps only
    // the packed bytes, but the system reads whole words. The tail stays zero.
    std::vector<std::byte> scratch_;
    std::vector<std::uint64_t> hashes_; // of successors_, reused across expansions
    Pacer pacer_;
    double last_progress_ = 0;
    bool depth_cut_ = false; // a state at max_depth had successors
    SearchResult result_;
};

// The strategies, each in its own file.
SearchResult breadth_first_search(const TransitionSystem& system, const SearchOptions& options);
SearchResult depth_first_search(const TransitionSystem& system, const SearchOptions& options);

} // namespace shootdown::checker

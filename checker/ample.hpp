// Partial-order reduction, the search's part: the system names a persistent
// set of a state's steps (TransitionSystem::persistent_set); the search
// explores it unless the cycle proviso asks for every step. The proviso:
// expand fully when a kept successor is already stored below `horizon`.
// BFS passes the end of the current level, so a fully expanded state lies
// on every cycle (a cycle cannot climb levels forever: some edge of it goes
// to the same or an earlier level, and that edge's source is expanded
// fully). DFS passes no horizon: any stored successor forces full
// expansion, which is the "all new" rule. docs/por.md has the argument.
#pragma once

#include <cstddef>
#include <cstdint>

#include "checker/state_store.hpp"
#include "checker/successors.hpp"
#include "checker/transition_system.hpp"

namespace shootdown::checker {

inline constexpr std::uint64_t kNoHorizon = ~std::uint64_t{0};

// The mask of groups to explore (TransitionSystem::kAllSteps: all).
std::uint64_t ample_steps(const TransitionSystem& system, const std::byte* state,
                          const Successors& out, const StateStore& store, std::uint64_t horizon);

// True if successor i is among the groups `mask` keeps.
inline bool kept(const Successors& out, std::size_t i, std::uint64_t mask) {
    if (mask == TransitionSystem::kAllSteps) return true;
    const std::uint32_t g = out.group(i);
    return g != Successors::kNoGroup && ((mask >> (g - 1)) & 1) != 0;
}

} // namespace shootdown::checker

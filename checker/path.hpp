// Counterexample paths: rebuilt from the store's parent links, and replayed
// against the transition system to recover the states along them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/search.hpp"
#include "checker/state_store.hpp"
#include "checker/transition_system.hpp"

namespace shootdown::checker {

// The path from an initial state to the stored state `index`. The store keeps
// only parents, so each step's ordinal is found by generating the parent's
// successors again: the first one equal to the child (and not itself a
// violating step, which would have ended the search) is the one the search
// stored the child by.
Path path_to(const TransitionSystem& system, const StateStore& store, std::uint32_t index);

// The states visited by `path`, the initial state first, each
// system.state_bytes() long; the last one is the state the path leads to.
// Throws std::out_of_range if an ordinal names no initial state or successor.
std::vector<std::vector<std::byte>> replay(const TransitionSystem& system, const Path& path);

} // namespace shootdown::checker

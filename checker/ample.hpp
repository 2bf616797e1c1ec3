// Partial-order reduction, the search's part: of the candidate ample sets a
// system marks among a state's successors (Successors::group), take the first
// whose states are all new; otherwise expand fully. Requiring new states is
// the cycle proviso (C3): a step that closes a cycle then always leaves a
// fully expanded state, so no step is postponed forever. The system vouches
// for the other conditions (see docs/por.md).
#pragma once

#include <cstddef>

#include "checker/state_store.hpp"
#include "checker/successors.hpp"

namespace shootdown::checker {

// Successors [begin, end) of a state are to be explored.
struct StepRange {
    std::size_t begin = 0, end = 0;
};

StepRange ample_steps(const Successors& out, const StateStore& store);

} // namespace shootdown::checker

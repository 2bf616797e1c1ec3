// The only thing the search engine knows about a model: fixed-size states,
// their successors, and which properties a state or a step violates.
// Nothing here mentions TLBs, CPUs or the model language, so the engine can be
// driven by synthetic graphs in tests (tests/checker/).
#pragma once

#include <cstddef>
#include <cstdint>

#include "checker/successors.hpp"

namespace shootdown::checker {

class TransitionSystem {
public:
    virtual ~TransitionSystem() = default;

    // Size of every state in bytes; states are compared and hashed as bytes,
    // so the model must keep unused bits zero (a canonical encoding).
    [[nodiscard]] virtual std::size_t state_bytes() const = 0;

    // How many leading bytes of a state carry information; the rest (up to
    // state_bytes()) is always zero. A store may keep only these bytes, but
    // must hand the system states of the full state_bytes() size (the model
    // reads and writes whole words).
    [[nodiscard]] virtual std::size_t packed_bytes() const { return state_bytes(); }

    // Fills `out` with the initial states (usually one).
    virtual void initial_states(Successors& out) const = 0;

    // Fills `out` with every successor of `state`, in a deterministic order:
    // a trace is stored as the ordinal of each step in this list and rebuilt
    // by calling successors() again. A step that itself breaks a property
    // (a failed assert) is reported with Successors::mark_violation().
    virtual void successors(const std::byte* state, Successors& out) const = 0;

    // The first property (invariant) that `state` violates, or kNoProperty.
    [[nodiscard]] virtual PropertyId check_state(const std::byte* state) const = 0;

    // True if `state` may legitimately have no successors (every process has
    // finished). A state with no successors for which this is false is a
    // deadlock.
    [[nodiscard]] virtual bool may_terminate(const std::byte* state) const = 0;
};

} // namespace shootdown::checker

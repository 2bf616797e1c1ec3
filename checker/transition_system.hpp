// The only thing the search engine knows about a model: fixed-size states,
// their successors, and which properties a state or a step violates.
// Nothing here mentions TLBs, CPUs or the model language, so the engine can be
// driven by synthetic graphs in tests (tests/checker/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "checker/successors.hpp"

namespace shootdown::checker {

// What a system accumulates about the states one search thread checks (a
// model's statistics), without sharing anything with other threads; it
// hands its totals to the system when destroyed, which the search does
// before it returns.
class StateObserver {
public:
    virtual ~StateObserver() = default;
};

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

    // check_state() for a search thread, which passes the observer it got
    // from make_observer() (null if the system has none). The search calls
    // this form once per stored state; anything else (traces, replay) calls
    // the plain one, which observes nothing.
    [[nodiscard]] virtual PropertyId check_observed(const std::byte* state,
                                                    StateObserver* observer) const {
        (void)observer;
        return check_state(state);
    }
    [[nodiscard]] virtual std::unique_ptr<StateObserver> make_observer() const { return nullptr; }

    // True if `state` may legitimately have no successors (every process has
    // finished). A state with no successors for which this is false is a
    // deadlock.
    [[nodiscard]] virtual bool may_terminate(const std::byte* state) const = 0;

    // Partial-order reduction: which of `out` (the successors of `state`)
    // the search may explore instead of all. Each candidate is a mask over
    // Successors::group (successor i is kept if bit group(i) - 1 is set)
    // naming a persistent set that contains every visible step if it
    // contains one. Fills up to candidates.size() of them, preferred first,
    // and returns how many (0: explore all). The search takes the first
    // that passes its cycle proviso (ample.hpp).
    static constexpr std::uint64_t kAllSteps = ~std::uint64_t{0};
    [[nodiscard]] virtual std::size_t persistent_sets(const std::byte* state, const Successors& out,
                                                      std::span<std::uint64_t> candidates) const {
        (void)state;
        (void)out;
        (void)candidates;
        return 0;
    }
};

// Another system seen unchanged: a wrapper derives from this and overrides
// only what it adds (partial-order reduction adds persistent_sets()).
class ForwardingSystem : public TransitionSystem {
public:
    explicit ForwardingSystem(const TransitionSystem& inner) : inner_(inner) {}
    // Not copyable: ForwardingSystem(other_wrapper) must mean "forward to it".
    ForwardingSystem(const ForwardingSystem&) = delete;
    ForwardingSystem& operator=(const ForwardingSystem&) = delete;

    [[nodiscard]] std::size_t state_bytes() const override { return inner_.state_bytes(); }
    [[nodiscard]] std::size_t packed_bytes() const override { return inner_.packed_bytes(); }
    void initial_states(Successors& out) const override { inner_.initial_states(out); }
    void successors(const std::byte* state, Successors& out) const override {
        inner_.successors(state, out);
    }
    [[nodiscard]] PropertyId check_state(const std::byte* state) const override {
        return inner_.check_state(state);
    }
    [[nodiscard]] PropertyId check_observed(const std::byte* state,
                                            StateObserver* observer) const override {
        return inner_.check_observed(state, observer);
    }
    [[nodiscard]] std::unique_ptr<StateObserver> make_observer() const override {
        return inner_.make_observer();
    }
    [[nodiscard]] bool may_terminate(const std::byte* state) const override {
        return inner_.may_terminate(state);
    }
    [[nodiscard]] std::size_t persistent_sets(const std::byte* state, const Successors& out,
                                              std::span<std::uint64_t> candidates) const override {
        return inner_.persistent_sets(state, out, candidates);
    }

private:
    const TransitionSystem& inner_; // bound only: a wrapper may own it as a later member
};

} // namespace shootdown::checker

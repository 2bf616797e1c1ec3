// The Machine seen through symmetry reduction: every state it hands the
// engine is canonical, so the engine stores one state per orbit without
// knowing it. Counterexamples found this way are paths over canonical
// states; unpermute_path() turns one into a path of the real Machine.
#pragma once

#include "checker/search.hpp"
#include "model/machine/machine.hpp"
#include "model/reduce/symmetry.hpp"

namespace shootdown::machine {

class SymmetricSystem final : public checker::TransitionSystem {
public:
    SymmetricSystem(const Machine& machine, const Symmetry& symmetry)
        : machine_(machine), symmetry_(symmetry) {}

    [[nodiscard]] std::size_t state_bytes() const override { return machine_.state_bytes(); }
    [[nodiscard]] std::size_t packed_bytes() const override { return machine_.packed_bytes(); }
    void initial_states(checker::Successors& out) const override;
    void successors(const std::byte* state, checker::Successors& out) const override;
    [[nodiscard]] checker::PropertyId check_state(const std::byte* state) const override {
        return machine_.check_state(state);
    }
    [[nodiscard]] checker::PropertyId
    check_observed(const std::byte* state, checker::StateObserver* observer) const override {
        return machine_.check_observed(state, observer);
    }
    [[nodiscard]] std::unique_ptr<checker::StateObserver> make_observer() const override {
        return machine_.make_observer();
    }
    [[nodiscard]] bool may_terminate(const std::byte* state) const override {
        return machine_.may_terminate(state);
    }

private:
    void canonicalize_all(checker::Successors& out) const;

    const Machine& machine_;
    const Symmetry& symmetry_;
};

// The path of `machine` from its real initial state that visits the same
// orbits as `path` (a path of `system`), step for step: each step is the
// first real successor in the orbit of the canonical path's next state; a
// final step violation maps to a real step breaking the same property.
// Traces built from it show the real identities.
checker::Path unpermute_path(const Machine& machine, const Symmetry& symmetry,
                             const checker::Path& path);

} // namespace shootdown::machine

// --self-check: a TransitionSystem that wraps a Machine and verifies, on
// every state the search expands, the promises the engine and the
// reductions rely on (the style of LTSmin's check wrapper):
//   - successors() is deterministic (same successors, order, violations,
//     partial-order groups on a second call);
//   - every state's bits past Program::state_bits are zero;
//   - the traced interpreter (describe()) reaches the same successor as the
//     fast path;
//   - a step changes only the global elements that the footprints of the
//     instructions it executed declare (ir/analysis/footprint.hpp), or that
//     a store-buffer drain wrote, and only its own CPU's block unless it
//     sent an IPI;
//   - a step marked CPU-local for partial-order reduction changes nothing
//     but its CPU's block.
// A broken promise throws SelfCheckFailure naming the state, step and rule.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "model/ir/analysis/footprint.hpp"
#include "model/machine/machine.hpp"

namespace shootdown::machine {

struct SelfCheckFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class SelfCheckedMachine final : public checker::TransitionSystem {
public:
    explicit SelfCheckedMachine(const Machine& machine);
    // With the footprints to hold the machine to (tests give wrong ones to
    // see the check fail); by default those of ir/analysis/footprint.hpp.
    SelfCheckedMachine(const Machine& machine, std::vector<ir::analysis::Footprint> footprints);

    [[nodiscard]] std::size_t state_bytes() const override { return m_.state_bytes(); }
    [[nodiscard]] std::size_t packed_bytes() const override { return m_.packed_bytes(); }
    void initial_states(Successors& out) const override;
    void successors(const std::byte* state, Successors& out) const override;
    [[nodiscard]] PropertyId check_state(const std::byte* state) const override {
        return m_.check_state(state);
    }
    [[nodiscard]] checker::PropertyId
    check_observed(const std::byte* state, checker::StateObserver* observer) const override;
    [[nodiscard]] std::unique_ptr<checker::StateObserver> make_observer() const override {
        return m_.make_observer();
    }
    [[nodiscard]] bool may_terminate(const std::byte* state) const override {
        return m_.may_terminate(state);
    }

private:
    void check_tail(const std::byte* state, const char* what) const;
    void check_engines(const std::byte* state, const Successors& out) const;
    void check_deterministic(const std::byte* state, const Successors& out) const;
    void check_step(const std::byte* state, const Successors& out, std::size_t i,
                    std::uint32_t ordinal) const;
    void check_globals(const std::byte* before, const StepDescription& d) const;
    void check_cpu_blocks(const std::byte* before, const StepDescription& d, bool local) const;
    [[noreturn]] void fail(const std::string& what) const;

    const Machine& m_;
    std::vector<ir::analysis::Footprint> footprints_;
};

} // namespace shootdown::machine

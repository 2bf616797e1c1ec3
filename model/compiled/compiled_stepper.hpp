// A Stepper (machine/stepper.hpp) whose successors() and check_state() run
// a model's compiled steps (toolchain.hpp) and whose describe() and
// explain_invariant() ask the interpreter: the compiled code produces the
// interpreter's successors byte for byte, in its order, with its violation
// ids and partial-order groups, so the traces the interpreter rebuilds are
// those of the compiled search.
#pragma once

#include <memory>

#include "model/compiled/toolchain.hpp"
#include "model/machine/stepper.hpp"

namespace shootdown::compiled {

class CompiledStepper final : public machine::Stepper {
public:
    CompiledStepper(std::shared_ptr<LoadedModule> module, const machine::Stepper& interpreter,
                    std::size_t statistics);

    void successors(const std::byte* state, checker::Successors& out) const override;
    [[nodiscard]] machine::StepDescription describe(const std::byte* state,
                                                    std::uint32_t ordinal) const override {
        return interpreter_.describe(state, ordinal);
    }
    [[nodiscard]] std::vector<std::uint32_t> blocked_at(const std::byte* state) const override {
        return interpreter_.blocked_at(state);
    }
    [[nodiscard]] checker::PropertyId check_state(const std::byte* state,
                                                  machine::StatisticTotals* stats) const override;
    [[nodiscard]] std::vector<machine::Event> explain_invariant(const std::byte* state,
                                                                std::uint32_t id) const override {
        return interpreter_.explain_invariant(state, id);
    }
    // Only the compiled code's own: Machine adds the interpreter's.
    [[nodiscard]] std::uint64_t bound_hits() const override;

private:
    std::shared_ptr<LoadedModule> module_;
    const sd_module& m_;
    const machine::Stepper& interpreter_;
    std::size_t statistics_;
    mutable std::uint64_t bound_hits_ = 0; // updated by the module with atomic adds
    sd_host host_;
};

} // namespace shootdown::compiled

// The step semantics of a Program as a checker::TransitionSystem:
// successors(state) interprets one step of one CPU context (its program, an
// interrupt handler, a hardware action) or one step of the memory model (a
// store-buffer drain), under the Program's memory model. The interpreter is
// compiled once per memory model (interpreter.hpp, memory/); Machine picks
// the Program's and adds what traces and reports read from a state.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "checker/transition_system.hpp"
#include "model/ir/program.hpp"
#include "model/machine/layout.hpp"
#include "model/machine/recorder.hpp"
#include "model/machine/statistics.hpp"
#include "model/machine/stepper.hpp"
#include "model/machine/tables.hpp"

namespace shootdown::machine {

using checker::PropertyId;
using checker::Successors;

class Machine final : public checker::TransitionSystem {
public:
    explicit Machine(const ir::Program& program);

    [[nodiscard]] std::size_t state_bytes() const override { return program_.state_bytes(); }
    [[nodiscard]] std::size_t packed_bytes() const override {
        return (program_.state_bits + 7) / 8;
    }
    void initial_states(Successors& out) const override;
    void successors(const std::byte* state, Successors& out) const override {
        steps().successors(state, out);
    }
    [[nodiscard]] PropertyId check_state(const std::byte* state) const override {
        return steps().check_state(state, nullptr);
    }
    // The search's form: the observer (make_observer()) records the statistics.
    [[nodiscard]] PropertyId check_observed(const std::byte* state,
                                            checker::StateObserver* observer) const override;
    [[nodiscard]] std::unique_ptr<checker::StateObserver> make_observer() const override;
    [[nodiscard]] bool may_terminate(const std::byte* state) const override;

    // Re-runs the `ordinal`-th successor of `state` and records what it did.
    [[nodiscard]] StepDescription describe(const std::byte* state, std::uint32_t ordinal) const {
        return interpreter_->describe(state, ordinal);
    }
    [[nodiscard]] std::vector<std::uint32_t> blocked_at(const std::byte* state) const {
        return interpreter_->blocked_at(state);
    }

    [[nodiscard]] const ir::Program& program() const { return program_; }
    [[nodiscard]] const Layout& layout() const { return tables_.layout; }
    // The value of element `element` of variable `var` in memory (not buffers).
    [[nodiscard]] std::int64_t read_variable(const std::byte* state, std::uint32_t var,
                                             std::uint32_t element) const {
        return tables_.read_variable(state, var, element);
    }
    [[nodiscard]] std::int64_t read_local(const std::byte* state, std::uint32_t local,
                                          std::uint32_t cpu) const;
    [[nodiscard]] std::uint32_t pc(const std::byte* state, std::uint32_t cpu, bool irq) const {
        return tables_.pc(state, cpu, irq);
    }
    [[nodiscard]] bool in_irq(const std::byte* state, std::uint32_t cpu) const {
        return tables_.in_irq(state, cpu);
    }
    // Store buffer of `cpu`, oldest first: (location, value). Empty for a
    // memory model without buffers.
    [[nodiscard]] std::vector<std::pair<std::uint32_t, std::int64_t>>
    store_buffer(const std::byte* state, std::uint32_t cpu) const;
    // The reads (and quantifier bindings) that decide invariant `id` in `state`.
    [[nodiscard]] std::vector<Event> explain_invariant(const std::byte* state,
                                                       std::uint32_t id) const {
        return interpreter_->explain_invariant(state, id);
    }
    // How often a store waited because the store buffer was full (TSO). Not
    // zero means the --store-buffer bound cut off some behaviours.
    [[nodiscard]] std::uint64_t store_buffer_full_count() const;
    // Each statistic's maximum over the states the searches' threads checked
    // and have finished with, and in how many of those states it was non-zero.
    using StatisticValue = machine::StatisticValue;
    [[nodiscard]] std::vector<StatisticValue> statistics() const { return statistics_.values(); }
    // Human name of a property id ("invariant no_walk_of_freed_tables").
    [[nodiscard]] std::string property_name(PropertyId id) const;

    // The tables the steps are built from (the compiled steps' generator reads them).
    [[nodiscard]] const Tables& tables() const { return tables_; }
    // The compiled steps (model/compiled/) take over from the interpreter.
    // Safe while a search runs: both give the same successors, so a state
    // expanded by either is expanded the same. Called at most once.
    void adopt_steps(std::unique_ptr<Stepper> steps);
    [[nodiscard]] const Stepper& interpreter() const { return *interpreter_; }
    // The adopted steps, if any (read it only while no adopt_steps() can run).
    [[nodiscard]] const Stepper* compiled() const { return compiled_.get(); }

private:
    [[nodiscard]] const Stepper& steps() const { return *active_.load(std::memory_order_acquire); }

    const ir::Program& program_;
    Tables tables_;
    mutable StatisticsAccumulator statistics_;
    std::unique_ptr<Stepper> interpreter_;
    std::unique_ptr<Stepper> compiled_;
    std::atomic<const Stepper*> active_; // interpreter_ until adopt_steps()
};

} // namespace shootdown::machine

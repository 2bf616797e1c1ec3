// The step semantics behind a Machine, for one memory model: the interface
// that Interpreter<Memory> (interpreter.hpp) implements once per memory
// model, so that the hot path is compiled for each policy with no virtual
// call below successors().
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "checker/successors.hpp"
#include "checker/transition_system.hpp"
#include "model/machine/recorder.hpp"
#include "model/machine/statistics.hpp"

namespace shootdown::machine {

using StepOrigin = StepOriginData;

struct StepDescription {
    StepOriginData origin;
    std::vector<Event> events;
    std::vector<std::uint32_t> pcs;
    checker::PropertyId violation = checker::kNoProperty;
    std::vector<std::byte> after;          // the state after the step
    std::optional<RangeError> range_error; // the write `value in range` refused
};

class Stepper {
public:
    virtual ~Stepper() = default;
    virtual void successors(const std::byte* state, checker::Successors& out) const = 0;
    // Re-runs the `ordinal`-th successor of `state` and records what it did.
    [[nodiscard]] virtual StepDescription describe(const std::byte* state,
                                                   std::uint32_t ordinal) const = 0;
    // Per CPU, the instruction at which its process step blocks in `state`
    // (an await, a full store buffer, a lock), or ir::kNone: where a
    // deadlock report points, rather than at the step's first line.
    [[nodiscard]] virtual std::vector<std::uint32_t> blocked_at(const std::byte* state) const = 0;
    // The first invariant `state` violates; records the statistics in
    // `stats` if there are any to record into.
    [[nodiscard]] virtual checker::PropertyId check_state(const std::byte* state,
                                                          StatisticTotals* stats) const = 0;
    // The reads (and quantifier bindings) that decide invariant `id` in `state`.
    [[nodiscard]] virtual std::vector<Event> explain_invariant(const std::byte* state,
                                                               std::uint32_t id) const = 0;
    // How often a bound of the memory model (the store-buffer size) cut off
    // a behaviour so far.
    [[nodiscard]] virtual std::uint64_t bound_hits() const = 0;
};

} // namespace shootdown::machine

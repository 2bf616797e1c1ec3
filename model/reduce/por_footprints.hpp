// The static half of partial-order reduction: for every CPU and resting
// point, what the step starting there may touch, and what its context may
// touch from there on (its future); the same for interrupt handlers,
// hardware actions and taking an IPI. Computed once per Program from the
// per-instruction footprints (ir/analysis/footprint) and the instruction
// registry; por_system.cpp reads them per state. docs/por.md has the
// dependence table this encodes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/ir/analysis/footprint.hpp"
#include "model/ir/program.hpp"
#include "model/machine/code_facts.hpp"
#include "model/reduce/por_objects.hpp"

namespace shootdown::reduce {

// What one step does from a resting point, on one CPU.
struct StepFootprint {
    Access access; // what the step itself reads and writes
    // Drains the CPU's store buffer in place: a fence, locked op, iret or a
    // store to a full buffer inside an atomic block (outside one the step
    // waits for the drain steps instead).
    bool drains = false;
    bool known = false; // computed: the pc is a resting point
};

class PorFootprints {
public:
    explicit PorFootprints(const ir::Program& program);

    // False if the model is beyond what the reduction handles (too many
    // objects or CPUs, or properties that read CPU-private state): then the
    // search expands every state fully.
    [[nodiscard]] bool usable() const { return usable_; }

    [[nodiscard]] const StepFootprint& step(std::uint32_t cpu, std::uint32_t pc) const {
        return steps_[cpu * code_size_ + pc];
    }
    // Everything the context running at `pc` may still do, this step included.
    [[nodiscard]] const Access& future(std::uint32_t cpu, std::uint32_t pc) const {
        return futures_[cpu * code_size_ + pc];
    }
    // Whether some step from `pc` on may drain the buffer in place.
    [[nodiscard]] bool future_drains(std::uint32_t cpu, std::uint32_t pc) const {
        return future_drains_[cpu * code_size_ + pc];
    }
    // Every interrupt handler's code on `cpu`, with taking and returning.
    [[nodiscard]] const Access& handlers(std::uint32_t cpu) const { return handlers_[cpu]; }
    // Whether a handler may drain the buffer in place (writing what the
    // interrupted code buffered).
    [[nodiscard]] bool handlers_drain(std::uint32_t cpu) const { return handlers_drain_[cpu]; }
    [[nodiscard]] const Access& hardware(std::uint32_t cpu, std::uint32_t action) const {
        return hardware_[cpu * actions_ + action];
    }
    // Taking an IPI from `sender` on `cpu`: reads its pending slot and
    // changes the CPU's interrupt state.
    [[nodiscard]] Access take(std::uint32_t cpu, std::uint32_t sender) const;

    // What the properties read: a step writing any of these is visible.
    [[nodiscard]] const ObjectSet& visible() const { return visible_; }

    [[nodiscard]] std::uint32_t element(std::uint32_t variable, std::uint32_t i) const {
        return variable_base_[variable] + i;
    }
    [[nodiscard]] std::uint32_t pending(std::uint32_t target, std::uint32_t sender) const {
        return pending_base_ + target * cpus_ + sender;
    }
    [[nodiscard]] std::uint32_t irq_state(std::uint32_t cpu) const { return irq_base_ + cpu; }
    // "rq_curr[1]", "pending(0<-1)", "irqs(0)", "assertions": for --por-stats.
    [[nodiscard]] std::string object_name(std::uint32_t object) const;
    [[nodiscard]] std::uint32_t object_count() const { return objects_; }
    // The 64-bit words of an ObjectSet that can hold this model's objects.
    [[nodiscard]] std::size_t words() const { return (objects_ + 63) / 64; }
    // The location id of a store-buffer entry is variable.first_location + element.
    [[nodiscard]] std::uint32_t location_object(std::uint32_t location) const;

private:
    struct Instruction {
        Access now;      // what executing it does at once
        Access eventual; // plus the stores it buffers, which reach memory later
        bool settles = false, buffers = false;
    };
    void number_objects();
    [[nodiscard]] Instruction instruction(std::uint32_t pc, std::uint32_t cpu, bool buffered) const;
    void add_kind_effects(const ir::Instr& in, std::uint32_t cpu, bool waits,
                          Instruction& out) const;
    void add_expression_reads(ir::ExprId e, std::uint32_t cpu, Access& a) const;
    void next_on(std::uint32_t cpu, std::uint32_t pc, std::vector<std::uint32_t>& out) const;
    struct WalkScratch {
        std::vector<bool> seen;          // (pc, accessed, depth) visited
        std::vector<std::size_t> marked; // which of them, to clear
    };
    [[nodiscard]] StepFootprint walk_step(std::uint32_t cpu, std::uint32_t pc,
                                          const std::vector<Instruction>& code,
                                          WalkScratch& scratch) const;
    void compute_futures(std::uint32_t cpu, const std::vector<Instruction>& code);
    // Everything reachable from `entry`; sets *drains if a step there may
    // drain the buffer in place.
    [[nodiscard]] Access reachable_union(std::uint32_t cpu, std::uint32_t entry,
                                         const std::vector<Instruction>& code,
                                         bool* drains = nullptr) const;
    void compute_visible();

    const ir::Program& p_;
    std::vector<ir::analysis::Footprint> footprints_; // per pc
    machine::CodeFacts facts_;
    bool usable_ = true;
    std::uint32_t cpus_ = 0, code_size_ = 0, actions_ = 0;
    std::vector<std::uint32_t> variable_base_;
    std::uint32_t pending_base_ = 0, irq_base_ = 0, assertions_ = 0;
    std::uint32_t objects_ = 0;
    std::vector<bool> hardware_code_;  // pcs of hardware actions: never buffered
    std::vector<StepFootprint> steps_; // [cpu][pc]
    std::vector<Access> futures_;      // [cpu][pc]
    std::vector<bool> future_drains_;  // [cpu][pc]
    std::vector<Access> handlers_;     // [cpu]
    std::vector<bool> handlers_drain_; // [cpu]
    std::vector<Access> hardware_;     // [cpu][action]
    ObjectSet visible_{};
};

} // namespace shootdown::reduce

// The step semantics of a Program: successors(state) interprets one step of
// one CPU context (its program, an interrupt handler, a hardware action) or
// one store-buffer drain, under the Program's memory model (SC or x86-TSO).
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "checker/transition_system.hpp"
#include "model/ir/program.hpp"
#include "model/machine/code_facts.hpp"
#include "model/machine/field_plan.hpp"
#include "model/machine/layout.hpp"
#include "model/machine/recorder.hpp"

namespace shootdown::machine {

using checker::PropertyId;
using checker::Successors;

using StepOrigin = StepOriginData;

struct StepDescription {
    StepOrigin origin;
    std::vector<Event> events;
    std::vector<std::uint32_t> pcs;
    PropertyId violation = checker::kNoProperty;
    std::vector<std::byte> after; // the state after the step
};

class Machine final : public checker::TransitionSystem {
public:
    explicit Machine(const ir::Program& program);

    [[nodiscard]] std::size_t state_bytes() const override { return program_.state_bytes(); }
    [[nodiscard]] std::size_t packed_bytes() const override {
        return (program_.state_bits + 7) / 8;
    }
    void initial_states(Successors& out) const override;
    void successors(const std::byte* state, Successors& out) const override;
    [[nodiscard]] PropertyId check_state(const std::byte* state) const override;
    [[nodiscard]] bool may_terminate(const std::byte* state) const override;

    // Re-runs the `ordinal`-th successor of `state` and records what it did.
    [[nodiscard]] StepDescription describe(const std::byte* state, std::uint32_t ordinal) const;

    [[nodiscard]] const ir::Program& program() const { return program_; }
    [[nodiscard]] const Layout& layout() const { return layout_; }
    // The value of element `element` of variable `var` in memory (not buffers).
    [[nodiscard]] std::int64_t read_variable(const std::byte* state, std::uint32_t var,
                                             std::uint32_t element) const;
    [[nodiscard]] std::int64_t read_local(const std::byte* state, std::uint32_t local,
                                          std::uint32_t cpu) const;
    [[nodiscard]] std::uint32_t pc(const std::byte* state, std::uint32_t cpu, bool irq) const;
    [[nodiscard]] bool in_irq(const std::byte* state, std::uint32_t cpu) const;
    // Store buffer of `cpu`, oldest first: (location, value).
    [[nodiscard]] std::vector<std::pair<std::uint32_t, std::int64_t>>
    store_buffer(const std::byte* state, std::uint32_t cpu) const;
    // The reads (and quantifier bindings) that decide invariant `id` in `state`.
    [[nodiscard]] std::vector<Event> explain_invariant(const std::byte* state,
                                                       std::uint32_t id) const;
    // How often a store waited because the store buffer was full (TSO). Not
    // zero means the --store-buffer bound cut off some behaviours.
    [[nodiscard]] std::uint64_t store_buffer_full_count() const {
        return store_buffer_full_.load(std::memory_order_relaxed);
    }
    // Each statistic's maximum over the states checked so far, and in how
    // many of those states it was non-zero.
    struct StatisticValue {
        std::int64_t max = 0;
        std::uint64_t nonzero_states = 0;
    };
    [[nodiscard]] std::vector<StatisticValue> statistics() const;
    // Human name of a property id ("invariant no_walk_of_freed_tables").
    [[nodiscard]] std::string property_name(PropertyId id) const;

private:
    struct RunState {
        std::uint32_t cpu = 0;
        ir::ContextKind context = ir::ContextKind::Main;
        bool visible_done = false; // the step has made its memory access
        std::uint32_t atomic = 0;  // depth of atomic blocks being executed
        std::uint32_t budget = 0;  // instructions executed
        std::uint32_t forks = 0;   // nesting of forks in this step
        // Partial-order reduction: the step so far touched something another
        // CPU can see, or an alternative of it was blocked (CodeFacts::local).
        bool shared = false;
        // Choice points passed before the step's access: coming back to one
        // of them only repeats a choice already being explored.
        // Only the first `choices` entries are meaningful (not initialised:
        // every step starts one of these).
        std::uint32_t choice_pcs[8];
        std::uint64_t choice_hashes[8];
        std::uint32_t choices = 0;
        const std::byte* parent = nullptr;
    };
    struct Env; // evaluation context

    template <class Rec>
    void generate(const std::byte* state, Successors& out, Rec& rec) const;
    template <class Rec>
    void start(const std::byte* state, Successors& out, Rec& rec, const StepOrigin& origin) const;
    template <class Rec>
    void run(Successors& out, std::size_t slot, RunState rs, std::uint32_t pc, Rec& rec) const;
    template <class Rec>
    std::int64_t eval(ir::ExprId id, Env& env, Rec& rec) const;
    std::int64_t eval_fast(ir::ExprId id, Env& env) const;
    std::int64_t apply_fast(const FieldPlan& plan, Env& env) const;
    [[gnu::noinline]] std::int64_t eval_general(ir::ExprId id, Env& env) const;
    template <class Rec>
    std::int64_t eval_node(ir::ExprId id, Env& env, Rec& rec) const;
    bool write_planned(const FieldPlan& plan, std::int64_t value, Env& env, int& result) const;
    bool guard_fails(std::uint32_t pc, const RunState& rs, Env& env) const;
    Env context_env(std::uint32_t cpu, ir::ContextKind context) const;
    template <class Rec>
    std::int64_t read_global(const ir::ExprNode& n, Env& env, Rec& rec) const;
    template <class Rec>
    bool execute(const ir::Instr& in, Successors& out, std::size_t slot, RunState& rs,
                 std::uint32_t& pc, Env& env, Rec& rec) const;
    template <class Rec>
    int write(ir::ExprId target, std::int64_t value, Env& env, Rec& rec) const;
    template <class Rec>
    int rmw(const ir::Instr& in, Env& env, Rec& rec) const;
    template <class Rec>
    int ipi_send(const ir::Instr& in, Env& env, Rec& rec) const;
    void drain(std::byte* state, std::uint32_t cpu) const;
    bool element_of(const ir::ExprNode& n, Env& env, std::uint32_t& element) const;
    void save_pc(std::byte* state, const RunState& rs, std::uint32_t pc) const;
    bool revisits_choice(RunState& rs, std::uint32_t pc, const std::byte* state) const;
    void update_statistics(Env& env) const;
    void group_process_steps(const std::byte* state, Successors& out, std::size_t first,
                             std::uint32_t cpu) const;
    bool buffer_empty(const std::byte* state, std::uint32_t cpu) const;

    // Everything an access to a variable needs, in one cache-friendly record.
    struct VariableAccess {
        std::uint32_t offset = 0, first_location = ir::kNone;
        std::uint8_t width = 0, dims = 0;
        ir::Storage storage = ir::Storage::Shared;
        bool serializing = false;
        std::int64_t lo = 0, hi = 0;
        std::uint32_t extent[3] = {1, 1, 1};
        std::int64_t index_lo[3] = {0, 0, 0};
    };
    struct Range {
        std::int64_t lo = 0, hi = 0;
    };

    const ir::Program& program_;
    Layout layout_;
    std::vector<VariableAccess> variables_;
    std::vector<Range> local_ranges_;
    mutable std::atomic<std::uint64_t> store_buffer_full_{0}; // statistics only
    // Per statistic: maximum and non-zero count (updated by check_state).
    std::unique_ptr<std::atomic<std::int64_t>[]> statistic_max_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> statistic_nonzero_;
    bool tso_;
    CodeFacts facts_;
    std::vector<FieldPlan> plans_; // per expression node
};

} // namespace shootdown::machine

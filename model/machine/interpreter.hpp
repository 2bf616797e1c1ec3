// The interpreter of lowered code, compiled once per memory model: Memory is
// a policy (memory/sc.hpp, memory/tso.hpp) that decides what a program load,
// a program store and an ordering point (fence, locked instruction, IPI
// send, IRET, serializing write) do, and which extra step a CPU has (the
// TSO drain). Everything else — control flow, expressions, IPIs,
// interrupts, hardware actions — is the same for every model.
//
// successors(state) starts, for every CPU, its program step (or its
// handler's), one step per pending IPI it can take, one per hardware action
// and the memory model's own step; run() executes from the saved pc until the
// next boundary after the step's access. The definitions are in
// interpreter_eval.hpp (expressions), interpreter_exec.hpp (instructions)
// and interpreter_run.hpp (steps), instantiated by memory/NAME.cpp.
#pragma once

#include "model/machine/step_groups.hpp"
#include "model/machine/stepper.hpp"
#include "model/machine/tables.hpp"

namespace shootdown::machine {

using checker::PropertyId;
using checker::Successors;

template <class Memory>
class Interpreter final : public Stepper {
public:
    explicit Interpreter(const Tables& tables)
        : t_(tables), p_(tables.program), mem_(tables), plans_(tables.plans.data()),
          exprs_(tables.program.exprs.data()), code_(tables.program.code.data()),
          flags_(tables.facts.flags.data()), groups_{tables.program.cpus,
                                                     static_cast<std::uint32_t>(
                                                         tables.program.hardware_actions.size())} {}

    void successors(const std::byte* state, Successors& out) const override;
    [[nodiscard]] StepDescription describe(const std::byte* state,
                                           std::uint32_t ordinal) const override;
    [[nodiscard]] std::vector<std::uint32_t> blocked_at(const std::byte* state) const override;
    [[nodiscard]] PropertyId check_state(const std::byte* state,
                                         StatisticTotals* stats) const override;
    [[nodiscard]] std::vector<Event> explain_invariant(const std::byte* state,
                                                       std::uint32_t id) const override;
    [[nodiscard]] std::uint64_t bound_hits() const override { return mem_.bound_hits(); }

private:
    struct RunState {
        std::uint32_t cpu = 0;
        ir::ContextKind context = ir::ContextKind::Main;
        bool visible_done = false; // the step has made its memory access
        std::uint32_t atomic = 0;  // depth of atomic blocks being executed
        std::uint32_t budget = 0;  // instructions executed
        std::uint32_t forks = 0;   // nesting of forks in this step
        // Choice points passed before the step's access: coming back to one
        // of them only repeats a choice already being explored.
        // Only the first `choices` entries are meaningful (not initialised:
        // every step starts one of these).
        std::uint32_t choice_pcs[8];
        std::uint64_t choice_hashes[8];
        std::uint32_t choices = 0;
        const std::byte* parent = nullptr;
    };
    // What execute() says about the step after one instruction.
    enum class Next : std::uint8_t { Continue, Blocked, Failed, Violated, Ended };

    // Steps (interpreter_run.hpp).
    template <class Rec>
    void generate(const std::byte* state, Successors& out, Rec& rec) const;
    template <class Rec>
    void start(const std::byte* state, Successors& out, Rec& rec, const StepOrigin& origin) const;
    template <class Rec>
    void run_step(const std::byte* state, Successors& out, Rec& rec, const StepOrigin& o,
                  std::size_t slot) const;
    [[nodiscard]] std::uint32_t step_group(const std::byte* state, const StepOrigin& o) const;
    template <class Rec>
    void take_interrupt(Successors& out, std::size_t slot, RunState& rs, const StepOrigin& o,
                        Rec& rec) const;
    template <class Rec>
    void run(Successors& out, std::size_t slot, RunState rs, std::uint32_t pc, Rec& rec) const;
    bool guard_fails(std::uint32_t pc, const RunState& rs, Env& env) const;
    bool starts_blocked(const std::byte* state, const StepOrigin& o) const;
    [[nodiscard]] Env context_env(std::uint32_t cpu, ir::ContextKind context) const;
    void save_pc(std::byte* state, const RunState& rs, std::uint32_t pc) const;
    bool revisits_choice(RunState& rs, std::uint32_t pc, const std::byte* state) const;
    [[nodiscard]] std::uint32_t pc(const std::byte* state, std::uint32_t cpu, bool irq) const {
        return t_.pc(state, cpu, irq);
    }
    [[nodiscard]] bool in_irq(const std::byte* state, std::uint32_t cpu) const {
        return t_.in_irq(state, cpu);
    }

    // Instructions (interpreter_exec.hpp).
    template <class Rec>
    [[gnu::always_inline]] inline Next execute(const ir::Instr& in, Successors& out,
                                               std::size_t slot, RunState& rs, std::uint32_t& pc,
                                               Env& env, Rec& rec) const;
    template <class Rec>
    Next fork(const ir::Instr& in, Successors& out, std::size_t slot, RunState& rs,
              std::uint32_t& next, Env& env, Rec& rec) const;
    template <class Rec>
    Next choose(const ir::Instr& in, Successors& out, std::size_t slot, RunState& rs,
                std::uint32_t pc, Env& env, Rec& rec) const;
    template <class Rec>
    Next fence(const ir::Instr& in, Env& env, Rec& rec) const;
    template <class Rec>
    Next ipi_wait(const RunState& rs, Env& env, Rec& rec) const;
    template <class Rec>
    void set_irqs(const ir::Instr& in, const RunState& rs, Env& env, Rec& rec) const;
    template <class Rec>
    Next iret(const RunState& rs, Env& env, Rec& rec) const;
    [[gnu::always_inline]] inline void zero_locals(std::uint32_t first, std::uint32_t count,
                                                   std::uint32_t cpu, std::byte* state) const;
    template <class Rec>
    int write(ir::ExprId target, std::int64_t value, Env& env, Rec& rec) const;
    bool write_planned(const FieldPlan& plan, std::int64_t value, Env& env, int& result) const;
    template <class Rec>
    int rmw(const ir::Instr& in, Env& env, Rec& rec) const;
    template <class Rec>
    int ipi_send(const ir::Instr& in, Env& env, Rec& rec) const;

    // Expressions (interpreter_eval.hpp).
    template <class Rec>
    std::int64_t eval(ir::ExprId id, Env& env, Rec& rec) const;
    std::int64_t eval_fast(ir::ExprId id, Env& env) const;
    std::int64_t apply_fast(const FieldPlan& plan, Env& env) const;
    [[gnu::noinline]] std::int64_t eval_general(ir::ExprId id, Env& env) const;
    template <class Rec>
    std::int64_t eval_node(ir::ExprId id, Env& env, Rec& rec) const;
    template <class Rec>
    std::int64_t quantify(const ir::ExprNode& n, Env& env, Rec& rec) const;
    template <class Rec>
    std::int64_t read_global(const ir::ExprNode& n, Env& env, Rec& rec) const;
    bool element_of(const ir::ExprNode& n, Env& env, std::uint32_t& element) const;

    const Tables& t_;
    const ir::Program& p_;
    Memory mem_;
    // The tables the hot path indexes, one load away.
    const FieldPlan* plans_;
    const ir::ExprNode* exprs_;
    const ir::Instr* code_;
    const std::uint8_t* flags_;
    StepGroups groups_;
};

} // namespace shootdown::machine

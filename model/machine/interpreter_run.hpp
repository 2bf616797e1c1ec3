// Steps for Interpreter<Memory>: which steps a state has, running one from
// its resting point to the next, and the TransitionSystem entry points.
#pragma once

#include <cstring>
#include <stdexcept>

#include <xxhash.h>

#include "model/machine/interpreter.hpp"
#include "model/machine/interpreter_eval.hpp"
#include "model/machine/interpreter_exec.hpp"

namespace shootdown::machine {

template <class M>
void Interpreter<M>::save_pc(std::byte* state, const RunState& rs, std::uint32_t pc) const {
    const auto& c = t_.layout.cpu();
    if (rs.context == ir::ContextKind::Main)
        set_field(state, t_.layout.at(c.main_pc, rs.cpu), pc);
    else if (rs.context == ir::ContextKind::Irq)
        set_field(state, t_.layout.at(c.irq_pc, rs.cpu), pc);
}

// How the code of `context` on `cpu` sees the state.
template <class M>
Env Interpreter<M>::context_env(std::uint32_t cpu, ir::ContextKind context) const {
    Env env;
    env.cpu = cpu;
    env.cpu_base = t_.layout.cpu_base(cpu);
    env.sb_count_offset = t_.layout.at(t_.layout.cpu().sb_count, cpu).offset;
    env.has_cpu = true;
    env.in_irq = context == ir::ContextKind::Irq;
    env.buffered = context != ir::ContextKind::Hardware;
    return env;
}

// True if the context would block on the first instruction it runs from `pc`
// (an await, perhaps opening an atomic block) in env.state. Most attempted
// steps end that way, and this decides it without copying the state.
template <class M>
bool Interpreter<M>::guard_fails(std::uint32_t pc, const RunState& rs, Env& env) const {
    if (rs.visible_done && rs.atomic == 0 && t_.facts.has(pc, CodeFacts::kBoundary))
        return false; // the step ends before it
    const ir::Instr* in = &p_.code[pc];
    if (in->kind == ir::InstrKind::AtomicBegin) in = &p_.code[pc + 1];
    if (in->kind != ir::InstrKind::Await) return false;
    NullRecorder none;
    const bool holds = eval(in->a, env, none) != 0;
    if (env.failed()) { // the real run reports the error
        env.error = ir::BuiltinCheck::Count;
        return false;
    }
    return !holds;
}

// Runs one context from `pc` until just before its second memory access
// (or a choice point after the first), a block, the end of the handler or
// action, or a violation. Inside `atomic` nothing stops it.
template <class M>
template <class Rec>
void Interpreter<M>::run(Successors& out, std::size_t slot, RunState rs, std::uint32_t pc,
                         Rec& rec) const {
    Env env = context_env(rs.cpu, rs.context);
    env.slot = slot;
    while (true) {
        env.state = out.state(slot); // a fork may have moved the buffer
        const std::uint8_t flags = flags_[pc];
        if (rs.visible_done && rs.atomic == 0 && (flags & CodeFacts::kEndsStep)) {
            save_pc(out.state(slot), rs, pc);
            break;
        }
        if ((flags & CodeFacts::kRepeatableChoice) && !rs.visible_done && rs.atomic == 0 &&
            revisits_choice(rs, pc, out.state(slot))) {
            out.kill(slot); // came back to a choice with nothing changed: not a step
            return;
        }
        if (++rs.budget > detail::kMaxStepInstructions) {
            env.error = ir::BuiltinCheck::StepTooLong;
            out.mark_violation(slot, p_.check_property(env.error));
            return;
        }
        if constexpr (Rec::enabled) rec.instruction(slot, pc);
        if (flags & CodeFacts::kBoundary) rs.visible_done = true;
        env.atomic = rs.atomic > 0;
        const Next next = execute(code_[pc], out, slot, rs, pc, env, rec);
        if (next == Next::Continue) continue;
        if (next == Next::Ended) break;
        if (next == Next::Blocked) out.kill(slot);
        if (next == Next::Failed) out.mark_violation(slot, p_.check_property(env.error));
        return; // blocked, failed or violated: marked
    }
    // A hardware action that changed nothing is not a step.
    if (rs.context == ir::ContextKind::Hardware &&
        std::memcmp(out.state(slot), rs.parent, out.state_bytes()) == 0)
        out.kill(slot);
}

// A branch that reaches a choice point it already passed in this step, with
// the state (locals included) unchanged, would only offer the same choices
// again. States are compared by a 64-bit XXH3 of their bytes.
template <class M>
bool Interpreter<M>::revisits_choice(RunState& rs, std::uint32_t pc, const std::byte* state) const {
    std::uint64_t hash = XXH3_64bits(state, p_.state_bytes());
    for (std::uint32_t i = 0; i < rs.choices; ++i)
        if (rs.choice_pcs[i] == pc && rs.choice_hashes[i] == hash) return true;
    if (rs.choices < std::size(rs.choice_pcs)) {
        rs.choice_pcs[rs.choices] = pc;
        rs.choice_hashes[rs.choices++] = hash;
    }
    return false;
}

} // namespace shootdown::machine

#include "model/machine/interpreter_steps.hpp"

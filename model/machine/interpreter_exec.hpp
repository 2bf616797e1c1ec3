// Instruction execution for Interpreter<Memory>: one instruction of a step,
// writes, locked read-modify-writes and IPI sends. Whatever orders memory
// asks the memory model (mem_.settle, mem_.store, mem_.forward).
#pragma once

#include "model/machine/interpreter.hpp"

namespace shootdown::machine {

namespace detail {
inline constexpr std::uint32_t kMaxStepInstructions = 4096;
inline constexpr std::uint32_t kMaxForks = 64;
} // namespace detail

// Executes one instruction. Anything but Next::Continue ends the step's run
// of this slot (finished, blocked, failed or violated); `pc` then holds
// where the context resumes.
template <class M>
template <class Rec>
typename Interpreter<M>::Next Interpreter<M>::execute(const ir::Instr& in, Successors& out,
                                                      std::size_t slot, RunState& rs,
                                                      std::uint32_t& pc, Env& env, Rec& rec) const {
    using ir::InstrKind;
    auto status = [&](int r) {
        return r == kBlocked ? Next::Blocked : r == kError ? Next::Failed : Next::Continue;
    };
    auto test = [&](ir::ExprId e, bool& v) {
        v = eval(e, env, rec) != 0;
        return env.failed() ? Next::Failed : Next::Continue;
    };
    std::uint32_t next = pc + 1;
    Next r = Next::Continue;
    bool v = false;
    switch (in.kind) {
    case InstrKind::Assign: {
        const std::int64_t value = eval(in.b, env, rec);
        r = env.failed() ? Next::Failed : status(write(in.a, value, env, rec));
        break;
    }
    case InstrKind::Jump:
        next = in.a;
        break;
    case InstrKind::Branch:
        if ((r = test(in.a, v)) == Next::Continue && !v) next = in.b;
        break;
    case InstrKind::Await:
    case InstrKind::Filter:
        if ((r = test(in.a, v)) == Next::Continue && !v) r = Next::Blocked;
        break;
    case InstrKind::Fork:
        r = fork(in, out, slot, rs, next, env, rec);
        break;
    case InstrKind::Choose:
        r = choose(in, out, slot, rs, pc, env, rec);
        break;
    case InstrKind::AtomicBegin:
    case InstrKind::AtomicEnd:
        rs.atomic = in.kind == InstrKind::AtomicBegin ? rs.atomic + 1 : rs.atomic - 1;
        break;
    case InstrKind::Assert:
        if ((r = test(in.a, v)) == Next::Continue && !v) {
            out.mark_violation(slot, p_.assert_property(in.b));
            r = Next::Violated;
        }
        break;
    case InstrKind::Fence:
    case InstrKind::SyncCore:
        r = fence(in, env, rec);
        break;
    case InstrKind::Rmw:
        r = status(rmw(in, env, rec));
        break;
    case InstrKind::IpiSend: // a failed argument reports the error, not the block
        r = ipi_send(in, env, rec) == kBlocked ? Next::Blocked
                                               : status(env.failed() ? kError : kOk);
        break;
    case InstrKind::IpiWait:
        r = ipi_wait(rs, env, rec);
        break;
    case InstrKind::IrqDisable:
    case InstrKind::IrqEnable:
    case InstrKind::IrqRestore:
        set_irqs(in, rs, env, rec);
        break;
    case InstrKind::Iret:
        return iret(rs, env, rec);
    case InstrKind::Halt:
    case InstrKind::HardwareEnd:
        if (in.kind == InstrKind::Halt) save_pc(env.state, rs, pc);
        return Next::Ended;
    case InstrKind::ZeroLocals:
        zero_locals(in.a, in.b, rs.cpu, env.state);
        break;
    }
    if (r != Next::Continue) return r;
    if (in.zero_count != 0) zero_locals(in.zero_begin, in.zero_count, rs.cpu, env.state);
    pc = next;
    return Next::Continue;
}

template <class M>
template <class Rec>
typename Interpreter<M>::Next Interpreter<M>::fork(const ir::Instr& in, Successors& out,
                                                   std::size_t slot, RunState& rs,
                                                   std::uint32_t& next, Env& env, Rec& rec) const {
    if (++rs.forks > detail::kMaxForks) {
        env.error = ir::BuiltinCheck::StepTooLong;
        return Next::Failed;
    }
    for (std::uint32_t k = 0; k + 1 < in.b; ++k) {
        if (out.stop_requested()) return Next::Blocked; // the search discards this state's steps
        const std::uint32_t target = p_.fork_targets[in.a + k];
        if constexpr (!Rec::enabled) {
            env.state = out.state(slot);
            if (guard_fails(target, rs, env)) continue;
        }
        std::size_t child = out.size();
        out.push(out.state(slot));
        rec.fork(slot, child);
        run(out, child, rs, target, rec);
    }
    next = p_.fork_targets[in.a + in.b - 1];
    if constexpr (!Rec::enabled) {
        env.state = out.state(slot);
        if (guard_fails(next, rs, env)) return Next::Blocked;
    }
    return Next::Continue;
}

template <class M>
template <class Rec>
typename Interpreter<M>::Next Interpreter<M>::choose(const ir::Instr& in, Successors& out,
                                                     std::size_t slot, RunState& rs,
                                                     std::uint32_t pc, Env& env, Rec& rec) const {
    if (++rs.forks > detail::kMaxForks) {
        env.error = ir::BuiltinCheck::StepTooLong;
        return Next::Failed;
    }
    const ir::Type& t = p_.types[p_.locals[in.a].type];
    const Field var = t_.layout.local(in.a, rs.cpu);
    for (std::int64_t v = t.lo; v < t.hi; ++v) {
        if (out.stop_requested()) return Next::Blocked; // a wide type takes long: see Watchdog
        std::size_t child = out.size();
        out.push(out.state(slot));
        rec.fork(slot, child);
        set_field(out.state(child), var, v);
        if constexpr (Rec::enabled) rec.event(child, {Event::Kind::Choice, in.a, 0, v});
        run(out, child, rs, pc + 1, rec);
    }
    set_field(out.state(slot), var, t.hi);
    if constexpr (Rec::enabled) rec.event(slot, {Event::Kind::Choice, in.a, 0, t.hi});
    return Next::Continue;
}

// smp_mb() and core-serializing instructions: the memory model orders
// everything before them.
template <class M>
template <class Rec>
typename Interpreter<M>::Next Interpreter<M>::fence(const ir::Instr& in, Env& env, Rec& rec) const {
    if (!mem_.settle(env, rec)) return Next::Blocked;
    if constexpr (Rec::enabled)
        rec.event(env.slot,
                  {in.kind == ir::InstrKind::Fence ? Event::Kind::Fence : Event::Kind::Serialize});
    return Next::Continue;
}

// Waits until every IPI this CPU sent has been acknowledged (csd unlock).
template <class M>
template <class Rec>
typename Interpreter<M>::Next Interpreter<M>::ipi_wait(const RunState& rs, Env& env,
                                                       Rec& rec) const {
    for (std::uint32_t t = 0; t < p_.cpus; ++t)
        if (get_field(env.state, t_.layout.pending_handler(t, rs.cpu)) != 0) return Next::Blocked;
    if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::IpiWait});
    return Next::Continue;
}

template <class M>
template <class Rec>
void Interpreter<M>::set_irqs(const ir::Instr& in, const RunState& rs, Env& env, Rec& rec) const {
    using ir::InstrKind;
    if (rs.context != ir::ContextKind::Main) return; // handlers always run with IRQs off
    const std::int64_t off = in.kind == InstrKind::IrqDisable  ? 1
                             : in.kind == InstrKind::IrqEnable ? 0
                                                               : eval(in.a, env, rec);
    set_field(env.state, t_.layout.at(t_.layout.cpu().irqs_off, rs.cpu), off != 0);
    if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::Irqs, ir::kNone, 0, off != 0});
}

// Returning from the interrupt serializes the core and completes the call.
template <class M>
template <class Rec>
typename Interpreter<M>::Next Interpreter<M>::iret(const RunState& rs, Env& env, Rec& rec) const {
    if (!mem_.settle(env, rec)) return Next::Blocked;
    const auto& c = t_.layout.cpu();
    auto sender =
        static_cast<std::uint32_t>(get_field(env.state, t_.layout.at(c.irq_sender, rs.cpu)));
    set_field(env.state, t_.layout.pending_handler(rs.cpu, sender), 0);
    set_field(env.state, t_.layout.pending_arg(rs.cpu, sender), 0);
    set_field(env.state, t_.layout.at(c.irq_active, rs.cpu), 0);
    set_field(env.state, t_.layout.at(c.irq_pc, rs.cpu), 0);
    set_field(env.state, t_.layout.at(c.irq_sender, rs.cpu), 0);
    if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::Iret, ir::kNone, 0, 0, sender});
    return Next::Ended;
}

template <class M>
void Interpreter<M>::zero_locals(std::uint32_t first, std::uint32_t count, std::uint32_t cpu,
                                 std::byte* state) const {
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t l = p_.zero_lists[first + i];
        set_field(state, t_.layout.local(l, cpu), p_.types[p_.locals[l].type].lo);
    }
}

} // namespace shootdown::machine

#include "model/machine/interpreter_access.hpp"

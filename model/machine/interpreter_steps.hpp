// The steps a state offers, and the TransitionSystem entry points of
// Interpreter<Memory>.
#pragma once

#include "model/machine/interpreter.hpp"

namespace shootdown::machine {

// True if a program or hardware step would block at once (decided without
// copying the state).
template <class M>
bool Interpreter<M>::starts_blocked(const std::byte* state, const StepOrigin& o) const {
    if (o.kind != StepKind::Program && o.kind != StepKind::Hardware) return false;
    const bool hw = o.kind == StepKind::Hardware;
    Env env = context_env(o.cpu, hw ? ir::ContextKind::Hardware : ir::ContextKind::Main);
    env.state = const_cast<std::byte*>(state); // only read
    const std::uint32_t entry = hw ? p_.hardware_actions[o.which].entry : pc(state, o.cpu, false);
    return guard_fails(entry, RunState{}, env);
}

// Taking the interrupt is the step's event; the handler runs up to its first access.
template <class M>
template <class Rec>
void Interpreter<M>::take_interrupt(Successors& out, std::size_t slot, RunState& rs,
                                    const StepOrigin& o, Rec& rec) const {
    const auto& c = t_.layout.cpu();
    std::byte* s = out.state(slot);
    const ir::Handler& h = p_.irq_handlers[o.which];
    set_field(s, t_.layout.at(c.irq_active, o.cpu), 1);
    set_field(s, t_.layout.at(c.irq_sender, o.cpu), o.other);
    if (h.param_local != ir::kNone) {
        std::int64_t raw = get_field(s, t_.layout.pending_arg(o.cpu, o.other));
        set_field(s, t_.layout.local(h.param_local, o.cpu), raw + p_.types[h.param_type].lo);
    }
    if constexpr (Rec::enabled) rec.event(slot, {Event::Kind::IpiTake, o.which, 0, 0, o.other});
    rs.visible_done = true;
    run(out, slot, rs, h.entry, rec);
}

template <class M>
template <class Rec>
void Interpreter<M>::start(const std::byte* state, Successors& out, Rec& rec,
                           const StepOrigin& o) const {
    if constexpr (!Rec::enabled)
        if (starts_blocked(state, o)) return;
    std::size_t slot = out.size();
    out.push(state);
    if constexpr (Rec::enabled) {
        rec.ensure(slot);
        rec.origins.resize(std::max(rec.origins.size(), slot + 1));
        rec.origins[slot] = o;
    }
    run_step(state, out, rec, o, slot);
    // Partial-order reduction's transition (StepGroups), for every slot the step forked into.
    const std::uint32_t group = step_group(state, o) + 1;
    for (std::size_t i = slot; i < out.size(); ++i)
        out.set_group(i, group);
}

template <class M>
std::uint32_t Interpreter<M>::step_group(const std::byte* state, const StepOrigin& o) const {
    switch (o.kind) {
    case StepKind::Program:
        return groups_.statement(o.cpu);
    case StepKind::Interrupt:
        return in_irq(state, o.cpu) ? groups_.statement(o.cpu) : groups_.take(o.cpu, o.other);
    case StepKind::Hardware:
        return groups_.hardware(o.cpu, o.which);
    case StepKind::Drain:
        return groups_.drain(o.cpu);
    }
    return groups_.statement(o.cpu);
}

template <class M>
template <class Rec>
void Interpreter<M>::run_step(const std::byte* state, Successors& out, Rec& rec,
                              const StepOrigin& o, std::size_t slot) const {
    RunState rs;
    rs.cpu = o.cpu;
    rs.parent = state;
    switch (o.kind) {
    case StepKind::Program:
        run(out, slot, rs, pc(state, o.cpu, false), rec);
        return;
    case StepKind::Interrupt:
        rs.context = ir::ContextKind::Irq;
        if (in_irq(state, o.cpu))
            run(out, slot, rs, pc(state, o.cpu, true), rec);
        else
            take_interrupt(out, slot, rs, o, rec);
        return;
    case StepKind::Hardware:
        rs.context = ir::ContextKind::Hardware;
        run(out, slot, rs, p_.hardware_actions[o.which].entry, rec);
        return;
    case StepKind::Drain:
        mem_.step(out.state(slot), o.cpu, slot, rec);
        return;
    }
}

template <class M>
template <class Rec>
void Interpreter<M>::generate(const std::byte* state, Successors& out, Rec& rec) const {
    const auto& c = t_.layout.cpu();
    const bool has_irqs = !p_.irq_handlers.empty();
    for (std::uint32_t cpu = 0; cpu < p_.cpus; ++cpu) {
        if (has_irqs && in_irq(state, cpu)) {
            start(state, out, rec, {StepKind::Interrupt, cpu, ir::kNone, 0});
        } else {
            if (p_.code[pc(state, cpu, false)].kind != ir::InstrKind::Halt)
                start(state, out, rec, {StepKind::Program, cpu, ir::kNone, 0});
            if (has_irqs && get_field(state, t_.layout.at(c.irqs_off, cpu)) == 0) {
                for (std::uint32_t s = 0; s < p_.cpus; ++s) {
                    std::int64_t h = get_field(state, t_.layout.pending_handler(cpu, s));
                    if (h != 0)
                        start(state, out, rec,
                              {StepKind::Interrupt, cpu, static_cast<std::uint32_t>(h - 1), s});
                }
            }
        }
        for (std::uint32_t h = 0; h < p_.hardware_actions.size(); ++h)
            start(state, out, rec, {StepKind::Hardware, cpu, h, 0});
        if (!mem_.quiet(state, cpu)) start(state, out, rec, {StepKind::Drain, cpu, ir::kNone, 0});
    }
}

template <class M>
void Interpreter<M>::successors(const std::byte* state, Successors& out) const {
    NullRecorder rec;
    generate(state, out, rec);
    out.compact();
}

template <class M>
PropertyId Interpreter<M>::check_state(const std::byte* state, StatisticTotals* stats) const {
    Env env;
    env.state = const_cast<std::byte*>(state); // invariants only read
    NullRecorder rec;
    for (std::size_t i = 0; i < p_.statistics.size(); ++i) {
        const std::int64_t v = eval(p_.statistics[i].expr, env, rec);
        if (env.failed()) break; // reported below as the state's run-time error
        if (stats) stats->record(i, v);
    }
    for (std::uint32_t i = 0; i < p_.invariants.size(); ++i) {
        const bool holds = eval(p_.invariants[i].expr, env, rec) != 0;
        if (env.failed()) return p_.check_property(env.error);
        if (!holds) return i;
    }
    return checker::kNoProperty;
}

template <class M>
std::vector<Event> Interpreter<M>::explain_invariant(const std::byte* state,
                                                     std::uint32_t id) const {
    Env env;
    env.state = const_cast<std::byte*>(state); // only read
    TraceRecorder rec;
    rec.ensure(0);
    eval(p_.invariants[id].expr, env, rec);
    return rec.slots[0].events;
}

template <class M>
StepDescription Interpreter<M>::describe(const std::byte* state, std::uint32_t ordinal) const {
    Successors out(p_.state_bytes());
    TraceRecorder rec;
    generate(state, out, rec);
    StepDescription d;
    std::uint32_t live = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out.is_dead(i)) continue;
        if (live++ != ordinal) continue;
        rec.ensure(i);
        // A forked slot inherits the origin of the slot it was copied from.
        d.origin = rec.origin_of(i);
        d.events = rec.slots[i].events;
        d.pcs = rec.slots[i].pcs;
        d.violation = out.violation(i);
        d.range_error = rec.slots[i].range_error;
        d.after.assign(out.state(i), out.state(i) + p_.state_bytes());
        return d;
    }
    throw std::out_of_range("describe: no such successor");
}

// A blocked slot is killed, but the recorder kept the instructions it ran:
// the last one is where it waited.
template <class M>
std::vector<std::uint32_t> Interpreter<M>::blocked_at(const std::byte* state) const {
    Successors out(p_.state_bytes());
    TraceRecorder rec;
    generate(state, out, rec);
    std::vector<std::uint32_t> at(p_.cpus, ir::kNone);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!out.is_dead(i)) continue;
        rec.ensure(i);
        const StepOriginData origin = rec.origin_of(i);
        if (origin.kind != StepKind::Program || origin.cpu >= at.size() || rec.slots[i].pcs.empty())
            continue;
        at[origin.cpu] = rec.slots[i].pcs.back();
    }
    return at;
}

} // namespace shootdown::machine

#include "properties/explain.hpp"

#include <fmt/format.h>

#include "model/machine/format.hpp"
#include "model/machine/trace.hpp"

namespace shootdown::properties {

using machine::Event;

std::string property_title(const machine::Machine& m, checker::ViolationKind kind,
                           checker::PropertyId property) {
    if (kind == checker::ViolationKind::Deadlock) return "deadlock";
    return m.property_name(property);
}

namespace {

// Every per-CPU variable of `cpu` at the end: the context a reader needs to
// see why the witness breaks the invariant (lazy? which mm? flushed?).
InvariantExplanation::Cpu cpu_state(const machine::Machine& m, const std::vector<std::byte>& state,
                                    std::uint32_t cpu) {
    const ir::Program& p = m.program();
    InvariantExplanation::Cpu out{cpu, {}};
    for (std::uint32_t v = 0; v < p.variables.size(); ++v) {
        const ir::Variable& var = p.variables[v];
        if (!var.per_cpu || var.index_types.size() != 1) continue;
        out.values.emplace_back(
            var.name, machine::format_value(p, var.type, m.read_variable(state.data(), v, cpu)));
    }
    return out;
}

InvariantExplanation explain_invariant(const machine::Machine& m, checker::PropertyId id,
                                       const std::vector<std::byte>& state) {
    const ir::Program& p = m.program();
    const ir::Invariant& inv = p.invariants[id];
    InvariantExplanation out{inv.name,
                             machine::location_text(p, inv.span),
                             machine::source_line(p, p.exprs[inv.expr].span),
                             {},
                             {}};
    std::vector<std::uint32_t> witnesses;
    for (const Event& e : m.explain_invariant(state.data(), id)) {
        if (e.kind == Event::Kind::Bind && p.types[p.bound_names[e.variable].second].is_cpu)
            witnesses.push_back(static_cast<std::uint32_t>(e.value));
        out.because.push_back(e.kind == Event::Kind::Read ? machine::event_text(m, e, 0).substr(5)
                                                          : machine::event_text(m, e, 0));
    }
    for (std::uint32_t cpu : witnesses)
        out.witnesses.push_back(cpu_state(m, state, cpu));
    return out;
}

DeadlockExplanation explain_deadlock(const machine::Machine& m,
                                     const std::vector<std::byte>& state) {
    const ir::Program& p = m.program();
    DeadlockExplanation out;
    const std::vector<std::uint32_t> blocked = m.blocked_at(state.data());
    for (std::uint32_t c = 0; c < p.cpus; ++c) {
        bool irq = !p.irq_handlers.empty() && m.in_irq(state.data(), c);
        const ir::Instr& in = p.code[m.pc(state.data(), c, irq)];
        if (in.kind == ir::InstrKind::Halt && !irq) {
            out.cpus.push_back({c, true, false, "", ""});
            continue;
        }
        // Where the step waits, if it got past its first instruction.
        const lang::Span at = !irq && blocked[c] != ir::kNone ? p.code[blocked[c]].span : in.span;
        out.cpus.push_back(
            {c, false, irq, machine::location_text(p, at), machine::source_line(p, at)});
    }
    return out;
}

} // namespace

Explanation explain_violation(const machine::Machine& m, checker::ViolationKind kind,
                              checker::PropertyId property, const std::vector<std::byte>& state,
                              const machine::StepDescription* last_step) {
    const ir::Program& p = m.program();
    if (kind == checker::ViolationKind::Deadlock) return explain_deadlock(m, state);
    const ir::Property& prop = p.properties.at(property);
    if (prop.kind == ir::Property::Kind::Invariant) return explain_invariant(m, prop.index, state);
    lang::Span at =
        last_step && !last_step->pcs.empty() ? p.code[last_step->pcs.back()].span : lang::Span{};
    StepExplanation out{prop.kind == ir::Property::Kind::Check, prop.name,
                        machine::location_text(p, at), machine::source_line(p, at), ""};
    if (last_step && last_step->range_error) {
        const machine::RangeError& e = *last_step->range_error;
        const std::string target =
            e.local ? p.locals[e.id].name : machine::element_name(p, e.id, e.element);
        out.detail =
            fmt::format("{} would be {}, outside its range {}..{}", target, e.value, e.lo, e.hi);
    }
    return out;
}

} // namespace shootdown::properties

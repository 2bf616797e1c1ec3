#include "model/machine/trace.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "model/machine/format.hpp"

namespace shootdown::machine {

Trace build_trace(const Machine& machine, const checker::Counterexample& cex) {
    Trace t;
    t.kind = cex.kind;
    t.property = cex.property;
    checker::Successors initial(machine.state_bytes());
    machine.initial_states(initial);
    const std::byte* s = initial.state(cex.path.initial);
    t.initial.assign(s, s + machine.state_bytes());
    std::vector<std::byte> current = t.initial;
    for (std::uint32_t ordinal : cex.path.steps) {
        TraceStep step{ordinal, machine.describe(current.data(), ordinal)};
        current = step.step.after;
        t.steps.push_back(std::move(step));
    }
    return t;
}

lang::Span step_span(const Machine& machine, const StepDescription& step) {
    const ir::Program& p = machine.program();
    // The step's memory access is what it is shown at; else its first instruction.
    for (std::uint32_t pc : step.pcs) {
        const ir::Instr& in = p.code[pc];
        if (in.touches_memory && in.kind != ir::InstrKind::AtomicBegin) return in.span;
    }
    for (std::uint32_t pc : step.pcs)
        if (p.code[pc].kind != ir::InstrKind::ZeroLocals) return p.code[pc].span;
    if (step.origin.kind == StepKind::Hardware) return p.hardware_actions[step.origin.which].span;
    for (const Event& e : step.events) // taking an interrupt, before the handler's first access
        if (e.kind == Event::Kind::IpiTake) return p.irq_handlers[e.variable].span;
    return {}; // a drain: no line of the model
}

std::string step_name(const Machine& machine, const StepDescription& step) {
    const ir::Program& p = machine.program();
    switch (step.origin.kind) {
    case StepKind::Drain:
        return "store buffer drain";
    case StepKind::Hardware:
        return p.hardware_actions[step.origin.which].name + " [hw]";
    case StepKind::Interrupt:
    case StepKind::Program:
        break;
    }
    for (std::uint32_t pc : step.pcs) {
        const ir::Instr& in = p.code[pc];
        if (in.touches_memory && in.function != ir::kNone) return p.functions[in.function];
    }
    if (!step.pcs.empty() && p.code[step.pcs.front()].function != ir::kNone)
        return p.functions[p.code[step.pcs.front()].function];
    return "process";
}

std::string event_text(const Machine& machine, const Event& e, std::uint32_t cpu) {
    const ir::Program& p = machine.program();
    auto name = [&] { return element_name(p, e.variable, e.element); };
    auto value = [&] { return format_value(p, p.variables[e.variable].type, e.value); };
    switch (e.kind) {
    case Event::Kind::Read:
        return fmt::format("read {} = {}", name(), value());
    case Event::Kind::Forward:
        return fmt::format("read {} = {} (own store buffer)", name(), value());
    case Event::Kind::Write:
        return fmt::format("{} := {}", name(), value());
    case Event::Kind::Buffer:
        return fmt::format("{} := {} (buffered)", name(), value());
    case Event::Kind::Drain:
        return fmt::format("{} := {} (drained to memory)", name(), value());
    case Event::Kind::Rmw:
        return fmt::format("{} := {} (locked)", name(), value());
    case Event::Kind::Fence:
        return "full barrier";
    case Event::Kind::Serialize:
        return "core-serializing instruction";
    case Event::Kind::IpiSend:
        if (e.other == ir::kNone) return "no IPI: no other CPU in the mask";
        return fmt::format("IPI {} -> CPU{}", p.irq_handlers[e.variable].name, e.other);
    case Event::Kind::IpiWait:
        return "every IPI sent has completed";
    case Event::Kind::Irqs:
        return e.value ? "IRQs disabled" : "IRQs enabled";
    case Event::Kind::IpiTake:
        return fmt::format("takes IPI {} from CPU{}", p.irq_handlers[e.variable].name, e.other);
    case Event::Kind::Iret:
        return fmt::format("returns from the interrupt (CPU{}'s call done)", e.other);
    case Event::Kind::Bind: {
        const auto& [bound, type] = p.bound_names[e.variable];
        return fmt::format("{} = {}", bound, format_value(p, type, e.value));
    }
    case Event::Kind::Choice: {
        const ir::Local& l = p.locals[e.variable];
        return fmt::format("chooses {} = {}", l.name, format_value(p, l.type, e.value));
    }
    }
    (void)cpu;
    return "?";
}

std::string step_summary(const Machine& machine, const TraceStep& step) {
    const StepDescription& d = step.step;
    std::vector<std::string> parts;
    for (const Event& e : d.events)
        if (e.kind != Event::Kind::Read && e.kind != Event::Kind::Forward)
            parts.push_back(event_text(machine, e, d.origin.cpu));
    if (parts.empty()) // a step that only reads: what it read is the point
        for (const Event& e : d.events)
            if (machine.program().variables[e.variable].storage != ir::Storage::Ghost)
                parts.push_back(event_text(machine, e, d.origin.cpu));
    std::string where = location_text(machine.program(), step_span(machine, d));
    return fmt::format("CPU{} {}{}: {}", d.origin.cpu, step_name(machine, d),
                       where.empty() ? "" : " (" + where + ")", fmt::join(parts, "; "));
}

std::string render_brief(const Machine& machine, const Trace& trace) {
    std::string out;
    for (std::size_t i = 0; i < trace.steps.size(); ++i)
        out += fmt::format("{:>4}  {}\n", i + 1, step_summary(machine, trace.steps[i]));
    return out;
}

namespace {

constexpr std::size_t kColumn = 46;

std::vector<std::string> step_lines(const Machine& machine, const StepDescription& d) {
    const ir::Program& p = machine.program();
    std::vector<std::string> lines;
    lang::Span span = step_span(machine, d);
    std::string where = span.end > 0 || span.begin > 0 ? location_text(p, span) : "";
    lines.push_back(fmt::format("{} {}", step_name(machine, d), where));
    if (d.origin.kind != StepKind::Drain && (span.end > 0 || span.begin > 0)) {
        std::string src = source_line(p, span);
        if (src.size() > kColumn - 4) src = src.substr(0, kColumn - 7) + "...";
        lines.push_back("  | " + src);
    }
    for (const Event& e : d.events) {
        bool ghost_read =
            e.kind == Event::Kind::Read && p.variables[e.variable].storage == ir::Storage::Ghost;
        if (!ghost_read) lines.push_back("  " + event_text(machine, e, d.origin.cpu));
    }
    if (machine.program().memory == ir::MemoryModel::TSO) {
        auto sb = machine.store_buffer(d.after.data(), d.origin.cpu);
        if (!sb.empty()) {
            std::vector<std::string> entries;
            for (auto [loc, value] : sb) {
                std::uint32_t var = p.location_variable[loc];
                entries.push_back(fmt::format(
                    "{}={}", element_name(p, var, loc - p.variables[var].first_location),
                    format_value(p, p.variables[var].type, value)));
            }
            lines.push_back(fmt::format("  store buffer: [{}]", fmt::join(entries, ", ")));
        }
    }
    return lines;
}

std::string lane(std::uint32_t cpu, std::uint32_t cpus, const std::string& text) {
    std::string out;
    for (std::uint32_t c = 0; c < cpus; ++c) {
        std::string cell = c == cpu ? text : "";
        if (c + 1 < cpus) cell.resize(std::max(cell.size(), kColumn), ' ');
        out += cell;
        if (c + 1 < cpus) out += "| ";
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

} // namespace

std::string render_text(const Machine& machine, const Trace& trace) {
    const ir::Program& p = machine.program();
    std::string out;
    std::string header;
    for (std::uint32_t c = 0; c < p.cpus; ++c) {
        std::string cell = fmt::format("CPU{}", c);
        if (c + 1 < p.cpus) cell.resize(kColumn, ' ');
        header += cell + (c + 1 < p.cpus ? "| " : "");
    }
    out += fmt::format("      {}\n", header);
    for (std::size_t i = 0; i < trace.steps.size(); ++i) {
        const StepDescription& d = trace.steps[i].step;
        std::vector<std::string> lines = step_lines(machine, d);
        for (std::size_t l = 0; l < lines.size(); ++l) {
            std::string number = l == 0 ? fmt::format("{:>4}  ", i + 1) : "      ";
            out += number + lane(d.origin.cpu, p.cpus, lines[l]) + "\n";
        }
    }
    return out;
}

} // namespace shootdown::machine

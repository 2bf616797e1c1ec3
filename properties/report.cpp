#include "properties/report.hpp"

#include "model/machine/format.hpp"
#include "properties/explain.hpp"
#include "properties/reorderings.hpp"

namespace shootdown::properties {

namespace {

const char* step_kind_name(machine::StepKind kind) {
    switch (kind) {
    case machine::StepKind::Program:
        return "program";
    case machine::StepKind::Interrupt:
        return "interrupt";
    case machine::StepKind::Hardware:
        return "hardware";
    case machine::StepKind::Drain:
        return "drain";
    }
    return "program";
}

ReportStep describe_step(const machine::Machine& m, const machine::TraceStep& step) {
    const ir::Program& p = m.program();
    const machine::StepDescription& d = step.step;
    const lang::Span span = machine::step_span(m, d);
    ReportStep out{step.ordinal,
                   d.origin.cpu,
                   step_kind_name(d.origin.kind),
                   machine::step_name(m, d),
                   machine::location_text(p, span),
                   machine::source_line(p, span),
                   {},
                   machine::step_summary(m, step)};
    for (const machine::Event& e : d.events)
        out.events.push_back(machine::event_text(m, e, d.origin.cpu));
    return out;
}

} // namespace

Violation describe_violation(const machine::Machine& m, const machine::Trace& trace) {
    const machine::StepDescription* last = trace.steps.empty() ? nullptr : &trace.steps.back().step;
    Violation out{trace.kind,
                  m.property_name(trace.property),
                  property_title(m, trace.kind, trace.property),
                  explain_violation(m, trace.kind, trace.property, trace.final_state(), last),
                  reorderings_of(m, trace),
                  0,
                  {},
                  machine::render_text(m, trace)};
    for (const machine::TraceStep& step : trace.steps)
        out.steps.push_back(describe_step(m, step));
    return out;
}

Report build_report(const machine::Machine& m, const checker::SearchResult& result,
                    const ReportInputs& inputs) {
    const ir::Program& p = m.program();
    Report report;
    report.context = inputs.context;
    report.verdict = result.verdict;
    report.limit = result.limit;
    // --por keeps a violation, not the shortest path to it (docs/por.md).
    report.shortest = inputs.strategy == checker::Strategy::Bfs && !inputs.reduced_by_por;
    report.orbits = inputs.orbits;
    report.reduced_by_por = inputs.reduced_by_por;
    report.stats = result.stats;
    report.state_bytes = m.state_bytes();
    if (result.counterexample) {
        report.violation = describe_violation(m, machine::build_trace(m, *result.counterexample));
        report.violation->initial = result.counterexample->path.initial;
    }
    if (result.stats.omission)
        report.omission =
            OmissionNote{inputs.store, inputs.bitstate_log2_bits, *result.stats.omission};
    for (std::size_t i = 0; i < inputs.statistics.size(); ++i)
        report.statistics.push_back(
            {p.statistics[i].name, inputs.statistics[i].max, inputs.statistics[i].nonzero_states});
    if (inputs.store_buffer_full != 0)
        report.store_buffer_full = StoreBufferNote{p.cpu.sb_capacity, inputs.store_buffer_full};
    return report;
}

} // namespace shootdown::properties

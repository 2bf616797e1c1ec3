// A counterexample rebuilt from the search's Path by re-executing each step
// with a recorder, and its renderings: per-CPU swimlanes for people, JSON for
// tools (docs/trace-format.md) and for `shootdown replay`.
#pragma once

#include <string>
#include <vector>

#include "checker/search.hpp"
#include "model/machine/machine.hpp"

namespace shootdown::machine {

struct TraceStep {
    std::uint32_t ordinal = 0; // which successor of the previous state
    StepDescription step;
};

struct Trace {
    checker::ViolationKind kind = checker::ViolationKind::Invariant;
    PropertyId property = checker::kNoProperty;
    std::vector<std::byte> initial;
    std::vector<TraceStep> steps;
    [[nodiscard]] const std::vector<std::byte>& final_state() const {
        return steps.empty() ? initial : steps.back().step.after;
    }
};

// What produced the trace, so that a replay can load the same Program
// (properties::render_json writes it, parse_trace_json reads it).
struct TraceContext {
    std::string model;
    std::string variant;
    std::vector<std::pair<std::string, std::int64_t>> params;
    std::string memory; // "sc" | "tso"
    std::uint32_t store_buffer = 0;
};

Trace build_trace(const Machine& machine, const checker::Counterexample& cex);
std::string render_text(const Machine& machine, const Trace& trace);

// One line per step ("CPU1 speculative_walk (x.sd:40): psc[1] := true"):
// what each step changed, without the reads, for `check --brief`.
std::string render_brief(const Machine& machine, const Trace& trace);
// One line of render_brief.
std::string step_summary(const Machine& machine, const TraceStep& step);
// The source location (file:line) a step is shown at.
lang::Span step_span(const Machine& machine, const StepDescription& step);
std::string step_name(const Machine& machine, const StepDescription& step);
std::string event_text(const Machine& machine, const Event& e, std::uint32_t cpu);

} // namespace shootdown::machine

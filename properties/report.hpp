// The result of `shootdown check` as a value: the verdict, the violated
// property and why it broke (as data: names, locations, values), the trace,
// the statistics and the notes. Built once from the search result and the
// machine (build_report()); rendered as text (render_text.hpp) or as the JSON
// trace (render_json.hpp). Nothing here prints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "checker/search.hpp"
#include "model/machine/machine.hpp"
#include "model/machine/trace.hpp"

namespace shootdown::properties {

// An invariant that a state breaks: the quantifier witness and the values
// read that decide it, and every per-CPU variable of each witness CPU.
struct InvariantExplanation {
    std::string name;                 // "no_tlb_entry_for_freed_page"
    std::string location;             // of the declaration: "flush_wait.sd:35"
    std::string source;               // the expression's source line
    std::vector<std::string> because; // "c = 1", "tlb[1] = true", "page = FREED"
    struct Cpu {
        std::uint32_t cpu = 0;
        std::vector<std::pair<std::string, std::string>> values; // variable, value
    };
    std::vector<Cpu> witnesses;
};

// A failed assertion or run-time check, at the last step's last pc.
struct StepExplanation {
    bool run_time_check = false; // a built-in check ("value in range"), not an assert
    std::string property;        // the assertion's message or the check's name
    std::string location;
    std::string source;
    std::string detail; // `value in range`: the target, the value and its range
};

// Where each CPU waits when no step is possible.
struct DeadlockExplanation {
    struct Cpu {
        std::uint32_t cpu = 0;
        bool finished = false;
        bool in_interrupt = false;
        std::string location; // where it waits (empty if finished)
        std::string source;
    };
    std::vector<Cpu> cpus;
};

using Explanation = std::variant<InvariantExplanation, StepExplanation, DeadlockExplanation>;

// A load that passed an earlier store of the same CPU still in its store
// buffer (x86-TSO), as properties/reorderings.hpp finds them.
struct ReorderingNote {
    std::uint32_t cpu = 0;
    std::string load, load_location;
    std::size_t load_step = 0; // 1-based
    std::string store, store_location;
    std::size_t store_step = 0;
    bool observed = false; // another CPU read the old value meanwhile
};

// The reorderings a TSO trace relies on; under SC there is nothing to say.
struct Reorderings {
    bool tso = false;
    std::vector<ReorderingNote> notes; // empty: the trace is also possible under SC
};

// One step of the trace, as the machine describes it.
struct ReportStep {
    std::uint32_t ordinal = 0; // which successor of the previous state
    std::uint32_t cpu = 0;
    std::string kind; // program | interrupt | hardware | drain
    std::string name;
    std::string location;
    std::string source;
    std::vector<std::string> events; // one text per event
    std::string summary;             // what the step changed, in one line
};

struct Violation {
    checker::ViolationKind kind = checker::ViolationKind::Invariant;
    std::string property; // Machine::property_name(): "invariant x", "deadlock", ...
    std::string title;    // for the verdict line: property_title()
    Explanation explanation;
    Reorderings reorderings;
    std::uint32_t initial = 0; // the initial state's ordinal
    std::vector<ReportStep> steps;
    std::string lanes; // the trace as per-CPU swimlanes (Machine's render_text)
};

// What was checked, as the JSON trace records it for a replay.
using RunContext = machine::TraceContext;

// How likely a lossy store made the search miss states, and by which estimate.
struct OmissionNote {
    checker::StoreKind store = checker::StoreKind::HashCompact;
    unsigned bitstate_log2_bits = 0;
    checker::Omission omission;
};

struct StatisticNote {
    std::string name;
    std::int64_t max = 0;
    std::uint64_t nonzero_states = 0;
};

// A store found the store buffer full and waited for a drain.
struct StoreBufferNote {
    std::uint32_t capacity = 0;
    std::uint64_t times = 0;
};

struct Report {
    RunContext context;
    checker::Verdict verdict = checker::Verdict::NoViolation;
    checker::Limit limit = checker::Limit::None;
    bool shortest = false;       // BFS: no counterexample is shorter
    bool orbits = false;         // symmetry reduction: the counts are orbits
    bool reduced_by_por = false; // --por explored a subset of the reachable states
    std::optional<Violation> violation;
    checker::Statistics stats;
    std::size_t state_bytes = 0;
    std::optional<OmissionNote> omission;
    std::vector<StatisticNote> statistics;
    std::optional<StoreBufferNote> store_buffer_full;
};

// What build_report() needs besides the machine and the search result.
struct ReportInputs {
    RunContext context;
    checker::Strategy strategy = checker::Strategy::Bfs;
    checker::StoreKind store = checker::StoreKind::Exact;
    unsigned bitstate_log2_bits = 0;
    bool orbits = false;
    // The machine's statistics and store-buffer note after the search.
    std::vector<machine::Machine::StatisticValue> statistics;
    std::uint64_t store_buffer_full = 0;
    bool reduced_by_por = false; // --por: the statistics cover the states it explored
};

// The counterexample's part of a report: explanation, reorderings, steps.
Violation describe_violation(const machine::Machine& machine, const machine::Trace& trace);

// The whole report; rebuilds the counterexample's trace by re-execution.
Report build_report(const machine::Machine& machine, const checker::SearchResult& result,
                    const ReportInputs& inputs);

} // namespace shootdown::properties

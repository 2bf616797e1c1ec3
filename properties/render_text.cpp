#include "properties/render_text.hpp"

#include <fmt/format.h>

namespace shootdown::properties {

std::string group_digits(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string format_bytes(std::uint64_t bytes) {
    if (bytes >= (1ull << 30))
        return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1ull << 30));
    if (bytes >= (1ull << 20))
        return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1ull << 20));
    if (bytes >= (1ull << 10))
        return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / (1ull << 10));
    return fmt::format("{} B", bytes);
}

std::string statistics_line(const checker::Statistics& s, std::size_t state_bytes) {
    double rate = s.seconds > 0 ? static_cast<double>(s.states) / s.seconds : 0;
    double per_state =
        s.states > 0 ? static_cast<double>(s.store_bytes) / static_cast<double>(s.states) : 0;
    return fmt::format("states: {}  transitions: {}  depth: {}\n"
                       "time: {:.2f} s  ({} states/s)  state vector: {} B  store: {:.1f} B/state  "
                       "peak memory: {}\n",
                       group_digits(s.states), group_digits(s.transitions), s.depth, s.seconds,
                       group_digits(static_cast<std::uint64_t>(rate)), state_bytes, per_state,
                       format_bytes(s.peak_memory_bytes));
}

std::string limit_name(checker::Limit limit) {
    switch (limit) {
    case checker::Limit::States:
        return "--max-states reached";
    case checker::Limit::Memory:
        return "--max-memory reached";
    case checker::Limit::Time:
        return "--time-limit reached";
    case checker::Limit::Depth:
        return "--max-depth reached";
    case checker::Limit::Interrupted:
        return "interrupted (SIGINT or SIGTERM)";
    case checker::Limit::OutOfMemory:
        return "out of memory (the process holds 90 % of the machine's memory, or an allocation "
               "failed)";
    case checker::Limit::None:
        break;
    }
    return "a limit reached";
}

namespace {

std::string render(const InvariantExplanation& e) {
    std::string out =
        fmt::format("violated: invariant {} ({})\n  | {}\n", e.name, e.location, e.source);
    if (!e.because.empty()) out += fmt::format("  because {}\n", fmt::join(e.because, ", "));
    for (const InvariantExplanation::Cpu& cpu : e.witnesses) {
        std::vector<std::string> parts;
        for (const auto& [name, value] : cpu.values)
            parts.push_back(fmt::format("{}={}", name, value));
        out += fmt::format("  CPU{} at the end: {}\n", cpu.cpu, fmt::join(parts, " "));
    }
    return out;
}

std::string render(const StepExplanation& e) {
    const std::string where = fmt::format("{}\n  | {}", e.location, e.source);
    if (e.run_time_check)
        return fmt::format("violated: run-time check `{}` at {}\n{}", e.property, where,
                           e.detail.empty() ? "" : fmt::format("  because {}\n", e.detail));
    return fmt::format("violated: {} at {}\n", e.property, where);
}

std::string render(const DeadlockExplanation& e) {
    std::string out = "deadlock: no step is possible, and not every CPU has finished\n";
    for (const DeadlockExplanation::Cpu& cpu : e.cpus) {
        if (cpu.finished) {
            out += fmt::format("  CPU{}: finished\n", cpu.cpu);
            continue;
        }
        out += fmt::format("  CPU{}{}: waits at {}  | {}\n", cpu.cpu,
                           cpu.in_interrupt ? " (in interrupt)" : "", cpu.location, cpu.source);
    }
    return out;
}

} // namespace

std::string render_explanation(const Explanation& explanation) {
    return std::visit([](const auto& e) { return render(e); }, explanation);
}

std::string render_reorderings(const Reorderings& reorderings) {
    if (!reorderings.tso) return "";
    if (reorderings.notes.empty())
        return "reorderings: none (this trace is also possible under SC)\n";
    std::string out =
        "reorderings this trace relies on (x86-TSO: a load passed an earlier store):\n";
    for (const ReorderingNote& r : reorderings.notes) {
        out += fmt::format(
            "  CPU{} read {} ({}, step {}) while its store to {} ({}, step {}) was still "
            "in its store buffer{}\n",
            r.cpu, r.load, r.load_location, r.load_step, r.store, r.store_location, r.store_step,
            r.observed ? "; another CPU read the old value meanwhile" : "");
        out += fmt::format(
            "    forbidden by smp_mb(), a locked RMW (atomic_*_return, xchg, cmpxchg, "
            "cpumask_set_cpu) or a serializing instruction on CPU{} between {} and {}\n",
            r.cpu, r.store_location, r.load_location);
    }
    return out;
}

std::string render_counterexample(const Violation& violation, bool brief) {
    std::string trace;
    if (brief) {
        for (std::size_t i = 0; i < violation.steps.size(); ++i)
            trace += fmt::format("{:>4}  {}\n", i + 1, violation.steps[i].summary);
    } else {
        trace = violation.lanes;
    }
    return trace + "\n" + render_explanation(violation.explanation) +
           render_reorderings(violation.reorderings);
}

std::string render_verdict(const Report& r, const TextOptions& options) {
    const char* orbits = r.orbits ? "orbits of " : "";
    if (r.verdict == checker::Verdict::Violation) {
        const Violation& v = *r.violation;
        std::string out =
            options.quiet ? "" : fmt::format("\n{}\n", render_counterexample(v, options.brief));
        return out + fmt::format("verdict: VIOLATION{} {} after {} steps{}\n",
                                 v.kind == checker::ViolationKind::Deadlock ? ":" : " of", v.title,
                                 v.steps.size(),
                                 r.shortest         ? " (shortest)"
                                 : r.reduced_by_por ? " (--por: run without it for the shortest)"
                                                    : "");
    }
    if (r.verdict == checker::Verdict::Incomplete)
        return fmt::format("verdict: INCOMPLETE: {}; no violation in the {} states "
                           "explored\n",
                           limit_name(r.limit), group_digits(r.stats.states));
    if (r.omission)
        return fmt::format("verdict: no violation in the {} {}states explored (a lossy store may "
                           "have missed some: see the estimate below)\n",
                           group_digits(r.stats.states), orbits);
    return fmt::format("verdict: no violation (all {} {}reachable states explored)\n",
                       group_digits(r.stats.states), orbits);
}

namespace {

// What a lossy store may have missed, and by which estimate.
std::string render_omission(const OmissionNote& n) {
    if (n.store == checker::StoreKind::HashCompact)
        return fmt::format("hash compaction (64-bit fingerprints): expected fingerprint "
                           "collisions n(n-1)/2^65 = {:.3g}; probability that a state was "
                           "missed <= {:.3g}\n",
                           n.omission.expected_missed, n.omission.probability);
    return fmt::format("bitstate (2^{} bits, 3 per state): expected states missed, sum over i<n "
                       "of (1-e^(-3i/m))^3 = {:.3g}; probability that a state was missed <= "
                       "{:.3g}\n",
                       n.bitstate_log2_bits, n.omission.expected_missed, n.omission.probability);
}

} // namespace

std::string render_summary(const Report& r) {
    std::string out = statistics_line(r.stats, r.state_bytes);
    if (r.omission) out += render_omission(*r.omission);
    for (const StatisticNote& s : r.statistics)
        out += fmt::format("statistic {}: max {} over {}; non-zero in {} of them\n", s.name, s.max,
                           r.reduced_by_por ? "the states explored with --por"
                           : r.verdict == checker::Verdict::NoViolation ? "all reachable states"
                                                                        : "the explored states",
                           group_digits(s.nonzero_states));
    if (r.store_buffer_full)
        out += fmt::format("note: a store found the store buffer full ({} entries) {} times and "
                           "waited for a drain; behaviours that need deeper buffers were not "
                           "explored (--store-buffer N)\n",
                           r.store_buffer_full->capacity, group_digits(r.store_buffer_full->times));
    return out;
}

} // namespace shootdown::properties

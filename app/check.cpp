// `shootdown check`: exhaustive search of one model variant.
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <unistd.h>

#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/model_loading.hpp"
#include "app/report.hpp"
#include "model/machine/self_check.hpp"
#include "model/machine/trace.hpp"
#include "model/reduce/symmetric_system.hpp"
#include "properties/explain.hpp"

namespace shootdown::app {

namespace {

bool store_kind(const CheckOptions& o, checker::SearchOptions& so) {
    if (o.store == "exact")
        so.store = checker::StoreKind::Exact;
    else if (o.store == "hashcompact")
        so.store = checker::StoreKind::HashCompact;
    else if (o.store == "bitstate")
        so.store = checker::StoreKind::Bitstate;
    else {
        fmt::print(stderr,
                   "shootdown: error: --store must be `exact`, `hashcompact` or `bitstate`, not "
                   "`{}`\n",
                   o.store);
        return false;
    }
    if (so.store != checker::StoreKind::Exact && so.strategy == checker::Strategy::Dfs) {
        fmt::print(stderr,
                   "shootdown: error: --store {} searches breadth-first only; drop "
                   "--strategy dfs\n",
                   o.store);
        return false;
    }
    if (so.store != checker::StoreKind::Exact && o.por) {
        fmt::print(stderr,
                   "shootdown: error: --por needs the exact store (its cycle proviso asks "
                   "the visited set); drop --store {}\n",
                   o.store);
        return false;
    }
    so.bitstate_log2_bits = o.bitstate_bits;
    return true;
}

// What a lossy store may have missed, and by which estimate.
void print_omission(const checker::SearchOptions& so, const checker::Statistics& s) {
    if (!s.omission) return;
    if (so.store == checker::StoreKind::HashCompact)
        fmt::print("hash compaction (64-bit fingerprints): expected fingerprint collisions "
                   "n(n-1)/2^65 = {:.3g}; probability that a state was missed <= {:.3g}\n",
                   s.omission->expected_missed, s.omission->probability);
    else
        fmt::print("bitstate (2^{} bits, 3 per state): expected states missed, sum over i<n of "
                   "(1-e^(-3i/m))^3 = {:.3g}; probability that a state was missed <= {:.3g}\n",
                   so.bitstate_log2_bits, s.omission->expected_missed, s.omission->probability);
}

std::optional<checker::SearchOptions> search_options(const CheckOptions& o) {
    checker::SearchOptions so;
    if (o.strategy == "bfs")
        so.strategy = checker::Strategy::Bfs;
    else if (o.strategy == "dfs")
        so.strategy = checker::Strategy::Dfs;
    else {
        fmt::print(stderr, "shootdown: error: --strategy must be `bfs` or `dfs`, not `{}`\n",
                   o.strategy);
        return std::nullopt;
    }
    so.max_states = o.max_states;
    so.time_limit_seconds = o.time_limit;
    so.max_depth = o.max_depth;
    so.threads = o.threads;
    if (!store_kind(o, so)) return std::nullopt;
    so.check_deadlock = !o.no_deadlock;
    so.partial_order_reduction = o.por;
    if (!o.max_memory.empty()) {
        std::optional<std::uint64_t> bytes = parse_size(o.max_memory);
        if (!bytes || *bytes == 0) {
            fmt::print(
                stderr,
                "shootdown: error: --max-memory expects a size such as 512M or 4G, got `{}`\n",
                o.max_memory);
            return std::nullopt;
        }
        so.max_memory_bytes = *bytes;
    }
    if (o.progress || (!o.quiet && isatty(STDERR_FILENO)))
        so.on_progress = [](const checker::Progress& p) {
            fmt::print(stderr, "{}", progress_line(p));
        };
    return so;
}

std::string run_description(const ir::Program& p, const CheckOptions& o) {
    std::string params;
    for (const auto& [name, value] : p.params)
        params += fmt::format(" {}={}", name, value);
    return fmt::format(
        "{}{}{}, memory {}{}", o.model.model,
        p.variant.empty() ? "" : fmt::format(", variant {}", p.variant),
        params.empty() ? "" : "," + params, p.memory == ir::MemoryModel::TSO ? "TSO" : "SC",
        p.memory == ir::MemoryModel::TSO ? fmt::format(" (store buffer {})", p.cpu.sb_capacity)
                                         : "");
}

bool write_json(const std::string& path, const std::string& json) {
    std::ofstream out(path);
    out << json;
    if (!out) {
        fmt::print(stderr, "shootdown: error: cannot write the trace to `{}`\n", path);
        return false;
    }
    return true;
}

// --symmetry: which types are permuted, and why the others are not.
std::unique_ptr<machine::Symmetry> make_symmetry(const ir::Program& p, bool quiet) {
    machine::SymmetryCheck check = machine::check_symmetry(p);
    check.diagnostics.sort_by_location();
    fmt::print(stderr, "{}", lang::render_all(*p.sources, check.diagnostics));
    auto symmetry = std::make_unique<machine::Symmetry>(p, check);
    std::string names;
    for (ir::TypeId t : symmetry->types())
        names +=
            fmt::format("{}{} ({})", names.empty() ? "" : ", ", p.types[t].name, p.types[t].size());
    if (symmetry->trivial())
        fmt::print(stderr, "shootdown: warning: --symmetry: no type can be permuted; checking "
                           "without symmetry reduction\n");
    else if (!quiet)
        fmt::print("symmetry: permuting {}: {:.0f} renamings; counts are orbits\n", names,
                   symmetry->group_size());
    return symmetry;
}

} // namespace

int run_check(const CheckOptions& o) {
    std::optional<LoadResult> loaded = load_or_report(o.model);
    if (!loaded) return kBadInput;
    std::optional<checker::SearchOptions> so = search_options(o);
    if (!so) return kBadInput;
    const ir::Program& program = *loaded->program;
    machine::Machine machine(program);
    if (!o.quiet) fmt::print("checking {}\n", run_description(program, o));
    std::unique_ptr<machine::Symmetry> symmetry;
    std::optional<machine::SymmetricSystem> reduced;
    if (o.symmetry) symmetry = make_symmetry(program, o.quiet);
    if (symmetry && !symmetry->trivial()) reduced.emplace(machine, *symmetry);
    std::optional<machine::SelfCheckedMachine> checked;
    if (o.self_check) checked.emplace(machine);
    checker::SearchResult r = reduced   ? checker::search(*reduced, *so)
                              : checked ? checker::search(*checked, *so)
                                        : checker::search(machine, *so);
    if (reduced && r.counterexample) // show the real CPUs and scalarset values
        r.counterexample->path =
            machine::unpermute_path(machine, *symmetry, r.counterexample->path);
    std::uint64_t buffer_full = machine.store_buffer_full_count(); // before traces re-run steps
    std::vector<machine::Machine::StatisticValue> stats = machine.statistics();
    int code = kNoViolation;
    if (r.verdict == checker::Verdict::Violation) {
        const checker::Counterexample& cex = *r.counterexample;
        machine::Trace trace = machine::build_trace(machine, cex);
        if (!o.quiet)
            fmt::print("\n{}\n", properties::render_counterexample(machine, trace, o.brief));
        fmt::print("verdict: VIOLATION{} {} after {} steps{}\n",
                   cex.kind == checker::ViolationKind::Deadlock ? ":" : " of",
                   properties::property_title(machine, cex.kind, cex.property), trace.steps.size(),
                   so->strategy == checker::Strategy::Bfs ? " (shortest)" : "");
        if (!o.trace_json.empty()) {
            machine::TraceContext ctx{o.model.model, program.variant, program.params,
                                      program.memory == ir::MemoryModel::TSO ? "tso" : "sc",
                                      program.cpu.sb_capacity};
            if (!write_json(o.trace_json, machine::render_json(machine, trace, ctx)))
                return kBadInput;
        }
        code = kViolation;
    } else if (r.verdict == checker::Verdict::Incomplete) {
        fmt::print("verdict: INCOMPLETE: {} reached; no violation in the {} states explored\n",
                   limit_name(r.limit), group_digits(r.stats.states));
        code = kIncomplete;
    } else {
        if (r.stats.omission)
            fmt::print("verdict: no violation in the {} {}states explored (a lossy store may have "
                       "missed some: see the estimate below)\n",
                       group_digits(r.stats.states), reduced ? "orbits of " : "");
        else
            fmt::print("verdict: no violation (all {} {}reachable states explored)\n",
                       group_digits(r.stats.states), reduced ? "orbits of " : "");
    }
    fmt::print("{}", statistics_line(r.stats, machine.state_bytes()));
    print_omission(*so, r.stats);
    for (std::size_t i = 0; i < stats.size(); ++i)
        fmt::print("statistic {}: max {} over {} states; non-zero in {} of them\n",
                   program.statistics[i].name, stats[i].max,
                   r.verdict == checker::Verdict::NoViolation ? "all reachable" : "the explored",
                   group_digits(stats[i].nonzero_states));
    if (std::uint64_t full = buffer_full)
        fmt::print(
            "note: a store found the store buffer full ({} entries) {} times and waited for a "
            "drain; behaviours that need deeper buffers were not explored (--store-buffer N)\n",
            program.cpu.sb_capacity, group_digits(full));
    return code;
}

} // namespace shootdown::app

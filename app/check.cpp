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
#include "app/progress.hpp"
#include "model/compiled/compile_job.hpp"
#include "model/machine/self_check.hpp"
#include "model/reduce/symmetric_system.hpp"
#include "properties/render_json.hpp"
#include "properties/render_text.hpp"
#include "properties/report.hpp"

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

properties::RunContext run_context(const ir::Program& p, const CheckOptions& o) {
    return {o.model.model, p.variant, p.params, p.memory == ir::MemoryModel::TSO ? "tso" : "sc",
            p.cpu.sb_capacity};
}

int exit_code(checker::Verdict verdict) {
    switch (verdict) {
    case checker::Verdict::Violation:
        return kViolation;
    case checker::Verdict::Incomplete:
        return kIncomplete;
    case checker::Verdict::NoViolation:
        break;
    }
    return kNoViolation;
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
    compiled::CompileMode mode = *compiled::compile_mode_named(o.compile); // CLI11 checked it
    if (o.self_check && mode == compiled::CompileMode::Auto) // compare both engines throughout
        mode = compiled::CompileMode::Always;
    compiled::CompileJob compile(machine, mode, [](const std::string& note) {
        fmt::print(stderr, "shootdown: note: {}\n", note);
    });
    checker::SearchResult r = reduced   ? checker::search(*reduced, *so)
                              : checked ? checker::search(*checked, *so)
                                        : checker::search(machine, *so);
    compile.finish();
    if (reduced && r.counterexample) // show the real CPUs and scalarset values
        r.counterexample->path =
            machine::unpermute_path(machine, *symmetry, r.counterexample->path);
    properties::ReportInputs inputs{
        run_context(program, o),          so->strategy,        so->store,
        so->bitstate_log2_bits,           reduced.has_value(), machine.statistics(),
        machine.store_buffer_full_count()};
    inputs.reduced_by_por = so->partial_order_reduction;
    const properties::Report report = properties::build_report(machine, r, inputs);
    fmt::print("{}", properties::render_verdict(report, {o.quiet, o.brief}));
    if (report.violation && !o.trace_json.empty() &&
        !write_json(o.trace_json, properties::render_json(report)))
        return kBadInput;
    fmt::print("{}", properties::render_summary(report));
    fmt::print("{}", compile.engine_line());
    return exit_code(report.verdict);
}

} // namespace shootdown::app

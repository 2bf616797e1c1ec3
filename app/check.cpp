// `shootdown check`: exhaustive search of one model variant.
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <unistd.h>

#include "app/check_options.hpp"
#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/interrupt.hpp"
#include "app/model_loading.hpp"
#include "model/compiled/compile_job.hpp"
#include "model/machine/self_check.hpp"
#include "model/reduce/por_system.hpp"
#include "model/reduce/symmetric_system.hpp"
#include "properties/render_json.hpp"
#include "properties/render_text.hpp"
#include "properties/report.hpp"

namespace shootdown::app {

namespace {

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

// --por-stats: the persistent sets against the enabled sets, over the
// states with more than one enabled transition.
void print_por_stats(const reduce::PorCounts& c) {
    const double states = c.states == 0 ? 1.0 : static_cast<double>(c.states);
    fmt::print("por: {} states with a choice, {} reduced ({:.1f} %); transitions per state: "
               "{:.2f} enabled, {:.2f} kept\n",
               c.states, c.reduced, 100.0 * static_cast<double>(c.reduced) / states,
               static_cast<double>(c.enabled) / states, static_cast<double>(c.chosen) / states);
    // What keeps the sets large: the elements two CPUs' kept transitions clash on.
    std::string top;
    for (std::size_t i = 0; i < c.conflicts.size() && i < 8; ++i)
        top += fmt::format("{}{} ({})", i == 0 ? "" : ", ", c.conflicts[i].first,
                           c.conflicts[i].second);
    if (!top.empty()) fmt::print("por: conflicts that kept steps together: {}\n", top);
}

// --symmetry: which types are permuted, and why the others are not.
std::unique_ptr<machine::Symmetry> make_symmetry(const ir::Program& p, bool quiet,
                                                 std::size_t max_errors) {
    machine::SymmetryCheck check = machine::check_symmetry(p);
    check.diagnostics.sort_by_location();
    fmt::print(stderr, "{}", lang::render_all(*p.sources, check.diagnostics, max_errors));
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

// The files this run reads, which --trace-json must not overwrite.
std::vector<std::string> input_files(const LoadResult& loaded) {
    std::vector<std::string> files;
    for (std::uint32_t i = 0; i < loaded.sources->size(); ++i)
        files.push_back(loaded.sources->file(i).path());
    return files;
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
    if (!o.trace_json.empty() && !trace_path_usable(o.trace_json, input_files(*loaded)))
        return kBadInput;
    const InterruptScope interrupt;
    so->interrupt = interrupt.flag();
    machine::Machine machine(program);
    if (!o.quiet) fmt::print("checking {}\n", run_description(program, o));
    std::fflush(stdout); // a pipe (tee, a CI log) shows what runs while it runs
    std::unique_ptr<machine::Symmetry> symmetry;
    std::optional<machine::SymmetricSystem> reduced;
    if (o.symmetry) symmetry = make_symmetry(program, o.quiet, o.model.max_errors);
    if (symmetry && !symmetry->trivial()) reduced.emplace(machine, *symmetry);
    std::optional<machine::SelfCheckedMachine> checked;
    if (o.self_check) checked.emplace(machine);
    std::optional<reduce::PartialOrderSystem> por;
    if (so->partial_order_reduction && !reduced)
        por.emplace(checked ? static_cast<const checker::TransitionSystem&>(*checked) : machine,
                    machine);
    if (por && o.por_stats) por->count_sets();
    if (so->partial_order_reduction && (reduced || !por->active()))
        fmt::print(stderr, "shootdown: note: --por: {}; every state is expanded fully\n",
                   reduced ? "not combined with --symmetry yet"
                           : "the model is beyond the reduction (more than 64 transitions per "
                             "state, too many objects, or a property reading a CPU's locals)");
    compiled::CompileMode mode = *compiled::compile_mode_named(o.compile); // CLI11 checked it
    if (o.self_check && mode == compiled::CompileMode::Auto) // compare both engines throughout
        mode = compiled::CompileMode::Always;
    compiled::CompileJob compile(machine, mode, [](const std::string& note) {
        fmt::print(stderr, "shootdown: note: {}\n", note);
    });
    checker::SearchResult r = reduced   ? checker::search(*reduced, *so)
                              : por     ? checker::search(*por, *so)
                              : checked ? checker::search(*checked, *so)
                                        : checker::search(machine, *so);
    compile.finish();
    if (interrupt.signal() != 0)
        fmt::print(stderr, "shootdown: stopped by {}\n", signal_name(interrupt.signal()));
    if (symmetry && symmetry->approximate_states() != 0)
        fmt::print(
            stderr,
            "shootdown: warning: --symmetry: {} states admitted more than {:.0f} renamings and "
            "were reduced by sorting their values by signature instead of trying every "
            "renaming: the verdict stands, but the counts may exceed the number of "
            "orbits\n",
            symmetry->approximate_states(), machine::Symmetry::kMaxRenamings);
    if (reduced && r.counterexample) // show the real CPUs and scalarset values
        r.counterexample->path =
            machine::unpermute_path(machine, *symmetry, r.counterexample->path);
    properties::ReportInputs inputs{
        run_context(program, o),          so->strategy,        so->store,
        so->bitstate_log2_bits,           reduced.has_value(), machine.statistics(),
        machine.store_buffer_full_count()};
    inputs.reduced_by_por = por && por->active();
    const properties::Report report = properties::build_report(machine, r, inputs);
    fmt::print("{}", properties::render_verdict(report, {o.quiet, o.brief}));
    const bool traced = !report.violation || o.trace_json.empty() ||
                        write_trace(o.trace_json, properties::render_json(report));
    fmt::print("{}", properties::render_summary(report));
    fmt::print("{}", compile.engine_line());
    if (o.por_stats && por) print_por_stats(por->counts());
    if (!stdout_written() || !traced) return kBadInput;
    return exit_code(report.verdict);
}

} // namespace shootdown::app

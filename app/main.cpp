// The shootdown command line: only wiring from CLI11 to app/ commands.
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/commands.hpp"
#include "app/exit_codes.hpp"

namespace {

using shootdown::app::CheckOptions;
using shootdown::app::ModelOptions;

// Values that would silently mean something else (0 as "no limit", an empty
// variant as the default one) are refused rather than guessed at.
const CLI::Validator kNotEmpty(
    [](const std::string& text) { return text.empty() ? std::string("must not be empty") : ""; },
    "TEXT");

const CLI::Validator kPositiveSeconds(
    [](const std::string& text) {
        double seconds = 0;
        try {
            std::size_t used = 0;
            seconds = std::stod(text, &used);
            if (used != text.size()) return std::string("expects a number of seconds");
        } catch (const std::exception&) {
            return std::string("expects a number of seconds, such as 60 or 0.5");
        }
        if (!std::isfinite(seconds) || seconds <= 0)
            return std::string("must be a positive number of seconds (omit it for no limit)");
        return std::string();
    },
    "SECONDS");

// A count given as a positive whole number: CLI11 would wrap `-1` into a huge
// unsigned value, which then means "no limit".
const CLI::Validator kPositiveCount(
    [](const std::string& text) {
        const bool digits =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || text.find_first_not_of('0') == std::string::npos)
            return std::string("must be a positive whole number (omit it for no limit)");
        return std::string();
    },
    "N");

void add_model_options(CLI::App& cmd, ModelOptions& o, bool model_required = true) {
    auto* m = cmd.add_option("model", o.model, "the model file (.sd)");
    if (model_required) m->required();
    cmd.add_option("--variant,-V", o.variant, "the variant to check (see `shootdown list MODEL`)")
        ->check(kNotEmpty);
    cmd.add_option("--param,-p", o.params,
                   "override a parameter: --param NCPU=3 (repeatable, once per name)");
    cmd.add_option("--memory", o.memory, "memory model: sc or tso (default: the model's, else sc)");
    cmd.add_option("--max-errors", o.max_errors,
                   "print at most N errors and warnings about the model, then how many more "
                   "(default 20; 0: all)");
    cmd.add_option("--store-buffer", o.store_buffer,
                   "TSO store-buffer entries per CPU, 1 to 8 (default 2)")
        ->check(CLI::Range(1u, 8u));
}

const char* kDescription =
    "shootdown: exhaustive model checker for the Linux kernel's lazy-TLB and membarrier "
    "protocols.\n"
    "It explores every interleaving of a model's CPUs, interrupts and hardware actions and prints\n"
    "the shortest counterexample to a violated invariant, or the exact number of states.\n\n"
    "Exit codes: 0 no violation, 1 violation, 2 bad input or usage, 3 incomplete (a limit was "
    "hit),\n"
    "70 internal error.\n\n"
    "Start with:  shootdown check examples/teaching/flush_wait.sd --variant NO_WAIT\n"
    "Docs:        docs/language.md, docs/tutorial.md";

// What `check --help` ends with: worked examples and the exit codes.
constexpr const char* kCheckFooter =
    "Examples:\n"
    "  shootdown check examples/teaching/flush_wait.sd --variant NO_WAIT\n"
    "      the shortest interleaving that breaks an invariant, as per-CPU swimlanes\n"
    "  shootdown check examples/seed-000-lazy-tlb/lazy_tlb.sd --variant C --memory tso -q\n"
    "      under x86-TSO, verdict and exact state count only\n"
    "  shootdown check MODEL --param NCPU=3 --threads 2 --time-limit 600 --progress\n"
    "      a bigger scope, bounded, with a progress line\n"
    "  shootdown check MODEL --por --por-stats\n"
    "      fewer states; the counterexample may be longer than the shortest\n"
    "  shootdown check MODEL --variant B --trace-json cex.json; shootdown replay MODEL "
    "cex.json\n"
    "      write the counterexample as JSON, then re-execute it step by step\n\n"
    "Exit codes: 0 no violation (every reachable state explored); 1 violation (the trace\n"
    "shows it); 2 bad input or usage (file:line:col and what was expected); 3 incomplete:\n"
    "a limit, a signal or the memory ran out, and what was explored is reported; 70 an\n"
    "internal error of shootdown (please report it with the model).";

CLI::App* add_check_command(CLI::App& app, CheckOptions& check) {
    CLI::App* check_cmd =
        app.add_subcommand("check", "explore every state of a model and report the verdict");
    add_model_options(*check_cmd, check.model);
    check_cmd->add_option("--strategy", check.strategy,
                          "bfs (default: shortest counterexamples) or dfs");
    check_cmd
        ->add_option("--max-states", check.max_states,
                     "stop after this many states (exit 3; default: no limit)")
        ->check(kPositiveCount);
    check_cmd->add_option("--max-memory", check.max_memory,
                          "stop when the state store, or the memory the search has taken, "
                          "exceeds this: 512M, 4G, 1.5g, 1T (binary units; exit 3; default: 90 % "
                          "of the machine's memory)");
    check_cmd
        ->add_option("--time-limit", check.time_limit,
                     "stop after this many seconds, within a fraction of a second wherever the "
                     "time goes (exit 3; default: no limit)")
        ->check(kPositiveSeconds);
    check_cmd
        ->add_option("--max-depth", check.max_depth,
                     "do not explore deeper than this many steps (exit 3 if states lie beyond)")
        ->check(kPositiveCount &
                CLI::Range(std::uint32_t{1}, std::numeric_limits<std::uint32_t>::max()));
    check_cmd
        ->add_option("--threads", check.threads,
                     "BFS worker threads (default: one per core; 1: single-threaded). "
                     "Ignored with --strategy dfs and the lossy stores, which use one")
        ->check(CLI::Range(1u, 256u));
    check_cmd->add_option("--store", check.store,
                          "exact (default), hashcompact (64-bit fingerprints, ~10 B/state) or "
                          "bitstate (3 bits per state); the lossy ones may miss states and print "
                          "how likely that was; BFS only");
    check_cmd
        ->add_option("--bitstate-bits", check.bitstate_bits,
                     "with --store bitstate: the bit array has 2^LOG2 bits (default 30: 128 MiB)")
        ->check(CLI::Range(10u, 40u));
    check_cmd->add_option("--trace-json", check.trace_json,
                          "write the counterexample as JSON to this file");
    check_cmd->add_flag("--no-deadlock", check.no_deadlock, "do not report deadlocks");
    check_cmd->add_flag("--por", check.por,
                        "partial-order reduction: explore, in each state, only a persistent set "
                        "of its steps (steps that touch different elements, IPIs that touch "
                        "nothing the interrupted code touches, drains of unrelated locations "
                        "commute); same verdict and deadlocks, fewer states, but a "
                        "counterexample may be longer than the shortest (docs/por.md)");
    check_cmd->add_flag("--por-stats", check.por_stats,
                        "with --por: print how many steps were enabled and how many the "
                        "persistent sets kept, over the states that had a choice");
    check_cmd->add_flag("--quiet,-q", check.quiet, "print only the verdict and statistics");
    check_cmd->add_flag("--brief,-b", check.brief,
                        "print the counterexample one line per step (what each step changed)");
    check_cmd->add_flag("--progress", check.progress, "print a progress line every 2 seconds");
    CLI::Option* self_check =
        check_cmd->add_flag("--self-check", check.self_check,
                            "verify on every state what the search relies on: deterministic "
                            "successors, zeroed padding, the traced interpreter agreeing with the "
                            "fast one, steps touching only their instructions' footprints (slow; "
                            "for debugging a model or shootdown itself; not with --symmetry)");
    check_cmd->add_flag("--symmetry", check.symmetry,
                        "symmetry reduction: store one state per orbit under renaming of the "
                        "CPUs and of each scalarset the model treats alike (counts are orbits; "
                        "traces show real identities; see docs/symmetry.md)");
    self_check->excludes("--symmetry");
    check_cmd
        ->add_option("--compile", check.compile,
                     "the compiled steps: the model's steps as C++, compiled by $CXX (or c++) "
                     "into a shared object, cached under $XDG_CACHE_HOME/shootdown and run "
                     "instead of the interpreter (same successors, so same counts and traces). "
                     "auto (default): search with the interpreter, compile in the background "
                     "once the search has run 0.3 s, switch when ready; always: compile before "
                     "searching; never: interpreter only. A failed compile says why and the "
                     "interpreter goes on. With --self-check both engines run on every state")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    return check_cmd;
}

// Exit codes for CLI11's own outcomes: help and version are not errors.
int parse_error(CLI::App& app, const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::CallForHelp*>(&e) != nullptr ||
        dynamic_cast<const CLI::CallForAllHelp*>(&e) != nullptr ||
        dynamic_cast<const CLI::CallForVersion*>(&e) != nullptr)
        return app.exit(e);
    app.exit(e);
    return shootdown::app::kBadInput;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{kDescription, "shootdown"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "shootdown 0.1.0");

    CheckOptions check;
    CLI::App* check_cmd = add_check_command(app, check);
    check_cmd->footer(kCheckFooter);

    ModelOptions list;
    CLI::App* list_cmd =
        app.add_subcommand("list", "show a model's parameters, variants and properties");
    add_model_options(*list_cmd, list);
    bool list_ir = false;
    list_cmd->add_flag("--ir", list_ir,
                       "print the lowered code of every context with its resting points and "
                       "footprints, and the state layout (for debugging a model or shootdown)");
    std::string emit_compiled;
    list_cmd->add_option("--emit-compiled", emit_compiled,
                         "write the C++ that --compile builds for this model into DIR (an "
                         "existing folder): the generated units, their constants and runtime");

    shootdown::app::ReplayOptions replay;
    CLI::App* replay_cmd =
        app.add_subcommand("replay", "re-execute a JSON counterexample and confirm it");
    add_model_options(*replay_cmd, replay.model);
    replay_cmd->add_option("trace", replay.trace_file, "the trace written by check --trace-json")
        ->required();
    replay_cmd->footer(
        "The trace's variant, parameters, memory model and store-buffer size apply unless given\n"
        "here (a --param replaces only the parameter it names). Each step must do exactly what\n"
        "the trace records: CPU, kind, name, location, source line and events.\n\n"
        "Exit codes: 1 the trace replays exactly and the recorded violation is confirmed;\n"
        "0 it replays exactly but ends in no violation of the recorded property; 2 it does not\n"
        "replay (a step differs or does not exist) or bad input (trace file, model, option).");
    replay_cmd->callback([&] { // CLI11's counts tell `--store-buffer 2` from the default
        replay.variant_given = replay_cmd->count("--variant") > 0;
        replay.memory_given = replay_cmd->count("--memory") > 0;
        replay.store_buffer_given = replay_cmd->count("--store-buffer") > 0;
    });

    shootdown::app::LitmusOptions litmus;
    CLI::App* litmus_cmd = app.add_subcommand(
        "litmus", "run C litmus tests (herd7's format) on the x86-TSO or SC machine");
    litmus_cmd->add_option("files", litmus.files, "litmus tests (.litmus)")->required();
    litmus_cmd->add_option("--memory", litmus.memory, "memory model: tso (default) or sc");
    litmus_cmd->add_flag("--expect", litmus.expect,
                         "compare with each test's `Result:` line; exit 1 on a mismatch");
    litmus_cmd->add_flag("--emit-model", litmus.emit_model,
                         "print the generated .sd model instead of running it");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return parse_error(app, e);
    }
    try {
        if (*check_cmd) return shootdown::app::run_check(check);
        if (*list_cmd) return shootdown::app::run_list(list, list_ir, emit_compiled);
        if (*replay_cmd) return shootdown::app::run_replay(replay);
        if (*litmus_cmd) return shootdown::app::run_litmus(litmus);
    } catch (const std::exception& e) {
        fmt::print(stderr,
                   "shootdown: internal error: {}\nThis is a bug in shootdown; please report it.\n",
                   e.what());
        return shootdown::app::kInternalError;
    }
    return shootdown::app::kBadInput;
}

// The Report and its renderers print what `shootdown check` has always
// printed: exact texts for small models, the JSON trace byte for byte equal
// to the machine's own writer, and every verdict and note from report values.
#include <string>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "checker/search.hpp"
#include "model/frontend.hpp"
#include "model/machine/trace.hpp"
#include "model/machine/trace_json.hpp"
#include "properties/render_json.hpp"
#include "properties/render_text.hpp"
#include "properties/report.hpp"

using namespace shootdown;

namespace {

struct Checked {
    LoadResult loaded;
    std::unique_ptr<machine::Machine> machine;
    checker::SearchResult result;
    properties::Report report;
};

Checked check(LoadResult loaded, checker::SearchOptions options = {}) {
    INFO(lang::render_all(*loaded.sources, loaded.diagnostics));
    REQUIRE(loaded.program);
    Checked c{std::move(loaded), nullptr, {}, {}};
    const ir::Program& p = *c.loaded.program;
    c.machine = std::make_unique<machine::Machine>(p);
    c.result = checker::search(*c.machine, options);
    properties::ReportInputs inputs{{"m.sd", p.variant, p.params,
                                     p.memory == ir::MemoryModel::TSO ? "tso" : "sc",
                                     p.cpu.sb_capacity},
                                    options.strategy,
                                    options.store,
                                    options.bitstate_log2_bits,
                                    false,
                                    c.machine->statistics(),
                                    c.machine->store_buffer_full_count()};
    c.report = properties::build_report(*c.machine, c.result, inputs);
    return c;
}

Checked check_text(const std::string& text, ir::MemoryModel memory = ir::MemoryModel::SC) {
    LoadOptions o;
    o.memory = memory;
    return check(load_model_text("m.sd", text, o));
}

// The statistics text without the line that holds the time.
std::string summary_without_time(const properties::Report& report) {
    std::string out;
    const std::string all = properties::render_summary(report);
    for (std::size_t at = 0; at < all.size();) {
        const std::size_t end = all.find('\n', at) + 1;
        if (all.compare(at, 5, "time:") != 0) out += all.substr(at, end - at);
        at = end;
    }
    return out;
}

const char* kDeadlock = "type cpu = cpus(2);\nshared bool go;\nshared int<0..3> n;\n"
                        "statistic most: n;\nprocess { n = 1; await go; }\n";

} // namespace

TEST_CASE("Report text: a deadlock with its swimlanes and a statistic", "[properties][report]") {
    const Checked c = check_text(kDeadlock);
    REQUIRE(c.report.violation);
    const auto& deadlock =
        std::get<properties::DeadlockExplanation>(c.report.violation->explanation);
    REQUIRE(deadlock.cpus.size() == 2);
    CHECK(deadlock.cpus[1].location == "m.sd:5");
    CHECK_FALSE(deadlock.cpus[1].finished);
    CHECK(properties::render_verdict(c.report, {}) ==
          "\n"
          "      CPU0                                          | CPU1\n"
          "   1  process m.sd:5                                |\n"
          "        | process { n = 1; await go; }              |\n"
          "        n := 1                                      |\n"
          "   2                                                | process m.sd:5\n"
          "                                                    |   | process { n = 1; await go; }\n"
          "                                                    |   n := 1\n"
          "\n"
          "deadlock: no step is possible, and not every CPU has finished\n"
          "  CPU0: waits at m.sd:5  | process { n = 1; await go; }\n"
          "  CPU1: waits at m.sd:5  | process { n = 1; await go; }\n"
          "\n"
          "verdict: VIOLATION: deadlock after 2 steps (shortest)\n");
    CHECK(summary_without_time(c.report) ==
          "states: 4  transitions: 4  depth: 2\n"
          "statistic most: max 1 over the explored states; non-zero in 3 of them\n");
}

TEST_CASE("Report text: an assertion, one line per step", "[properties][report]") {
    const Checked c = check_text("type cpu = cpus(2);\nshared int<0..3> n;\n"
                                 "process { atomic { n = n + 1; } assert n != 2, \"two\"; }\n");
    CHECK(properties::render_verdict(c.report, {false, true}) ==
          "\n"
          "   1  CPU0 process (m.sd:3): n := 1\n"
          "   2  CPU1 process (m.sd:3): n := 2\n"
          "   3  CPU0 process (m.sd:3): read n = 2\n"
          "\n"
          "violated: two at m.sd:3\n"
          "  | process { atomic { n = n + 1; } assert n != 2, \"two\"; }\n"
          "\n"
          "verdict: VIOLATION of two after 3 steps (shortest)\n");
    CHECK(summary_without_time(c.report) == "states: 7  transitions: 9  depth: 3\n");
}

TEST_CASE("Report text: a run-time check under TSO, quiet", "[properties][report]") {
    const Checked c =
        check_text("type cpu = cpus(2);\nshared int<0..1> n;\nprocess { atomic { n = n + 1; } }\n",
                   ir::MemoryModel::TSO);
    REQUIRE(c.report.violation);
    const auto& step = std::get<properties::StepExplanation>(c.report.violation->explanation);
    CHECK(step.run_time_check);
    CHECK(step.property == "value in range");
    CHECK(properties::render_explanation(c.report.violation->explanation) ==
          "violated: run-time check `value in range` at m.sd:3\n"
          "  | process { atomic { n = n + 1; } }\n"
          "  because n would be 2, outside its range 0..1\n");
    CHECK(properties::render_reorderings(c.report.violation->reorderings) ==
          "reorderings: none (this trace is also possible under SC)\n");
    CHECK(properties::render_verdict(c.report, {true, false}) ==
          "verdict: VIOLATION of value in range after 3 steps (shortest)\n");
    CHECK(summary_without_time(c.report) == "states: 6  transitions: 7  depth: 2\n");
}

TEST_CASE("Report JSON: reads back as the run and the trace's steps, and replays",
          "[properties][report][json]") {
    const std::string dir = SHOOTDOWN_SOURCE_DIR "/examples/";
    const auto [file, variant, memory] = GENERATE(
        std::tuple{"teaching/flush_wait.sd", "NO_WAIT", ir::MemoryModel::SC},
        std::tuple{"seed-002-deferred-switch/deferred_switch.sd", "V1", ir::MemoryModel::TSO},
        std::tuple{"seed-000-lazy-tlb/lazy_tlb.sd", "D_no_mb", ir::MemoryModel::TSO},
        std::tuple{"seed-001-membarrier/lazy_mm.sd", "REFCOUNT_NO_GRAB", ir::MemoryModel::TSO});
    CAPTURE(file, variant);
    LoadOptions o;
    o.variant = variant;
    o.memory = memory;
    const Checked c = check(load_model(dir + file, o));
    REQUIRE(c.report.violation);
    const machine::Trace trace = machine::build_trace(*c.machine, *c.result.counterexample);
    const properties::RunContext& ctx = c.report.context;
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("shootdown-report-test-" + std::to_string(getpid()) + ".json"))
                                 .string();
    std::ofstream(path) << properties::render_json(c.report);
    std::string error;
    const std::optional<machine::TraceFile> parsed = machine::parse_trace_json(path, error);
    std::filesystem::remove(path);
    REQUIRE(parsed);
    CHECK(parsed->context.model == ctx.model);
    CHECK(parsed->context.variant == ctx.variant);
    CHECK(parsed->context.params == ctx.params);
    CHECK(parsed->context.memory == ctx.memory);
    CHECK(parsed->context.store_buffer == ctx.store_buffer);
    CHECK(parsed->violation == c.report.violation->property);
    std::vector<std::uint32_t> ordinals, cpus;
    for (const machine::TraceStep& s : trace.steps) {
        ordinals.push_back(s.ordinal);
        cpus.push_back(s.step.origin.cpu);
    }
    CHECK(parsed->ordinals == ordinals);
    CHECK(parsed->cpus == cpus);
    const machine::ReplayResult replayed = machine::replay(*c.machine, *parsed);
    CHECK(replayed.replayed);
    CHECK(replayed.confirmed);
    CHECK(c.report.violation->steps.size() == trace.steps.size());
    if (std::string(variant) == "V1")
        CHECK(properties::render_reorderings(c.report.violation->reorderings) ==
              "reorderings this trace relies on (x86-TSO: a load passed an earlier store):\n"
              "  CPU0 read tif_tlb_wait[B2] (deferred_switch.sd:184, step 6) while its store to "
              "tif_tlb_wait[B1] (deferred_switch.sd:124, step 2) was still in its store buffer\n"
              "    forbidden by smp_mb(), a locked RMW (atomic_*_return, xchg, cmpxchg, "
              "cpumask_set_cpu) or a serializing instruction on CPU0 between "
              "deferred_switch.sd:124 and deferred_switch.sd:184\n");
}

TEST_CASE("Report text: every verdict and note from a report value", "[properties][report]") {
    properties::Report r;
    r.stats.states = 1234567;
    r.stats.transitions = 89;
    r.stats.depth = 7;
    r.state_bytes = 16;
    r.stats.store_bytes = 1234567 * 2;
    CHECK(properties::render_verdict(r, {}) ==
          "verdict: no violation (all 1,234,567 reachable states explored)\n");
    r.orbits = true;
    CHECK(properties::render_verdict(r, {}) ==
          "verdict: no violation (all 1,234,567 orbits of reachable states explored)\n");
    r.orbits = false;
    r.omission = properties::OmissionNote{checker::StoreKind::HashCompact, 0, {2.5e-8, 2.5e-8}};
    CHECK(properties::render_verdict(r, {}) ==
          "verdict: no violation in the 1,234,567 states explored (a lossy store may have "
          "missed some: see the estimate below)\n");
    r.statistics.push_back({"depth_of_x", 3, 1000});
    r.store_buffer_full = properties::StoreBufferNote{2, 4321};
    CHECK(summary_without_time(r) ==
          "states: 1,234,567  transitions: 89  depth: 7\n"
          "hash compaction (64-bit fingerprints): expected fingerprint collisions n(n-1)/2^65 = "
          "2.5e-08; probability that a state was missed <= 2.5e-08\n"
          "statistic depth_of_x: max 3 over all reachable states; non-zero in 1,000 of them\n"
          "note: a store found the store buffer full (2 entries) 4,321 times and waited for a "
          "drain; behaviours that need deeper buffers were not explored (--store-buffer N)\n");
    r.omission = properties::OmissionNote{checker::StoreKind::Bitstate, 22, {0.75, 0.75}};
    r.verdict = checker::Verdict::Incomplete;
    r.limit = checker::Limit::Memory;
    r.statistics.clear();
    r.store_buffer_full.reset();
    CHECK(properties::render_verdict(r, {}) ==
          "verdict: INCOMPLETE: --max-memory reached; no violation in the 1,234,567 states "
          "explored\n");
    CHECK(summary_without_time(r) ==
          "states: 1,234,567  transitions: 89  depth: 7\n"
          "bitstate (2^22 bits, 3 per state): expected states missed, sum over i<n of "
          "(1-e^(-3i/m))^3 = 0.75; probability that a state was missed <= 0.75\n");
    r.stats.seconds = 2;
    r.stats.peak_memory_bytes = 3 << 20;
    CHECK(properties::statistics_line(r.stats, 16) ==
          "states: 1,234,567  transitions: 89  depth: 7\n"
          "time: 2.00 s  (617,283 states/s)  state vector: 16 B  store: 2.0 B/state  peak "
          "memory: 3.0 MiB\n");
}

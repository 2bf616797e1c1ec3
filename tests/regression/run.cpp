#include "tests/regression/run.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "model/machine/trace_json.hpp"
#include "properties/render_json.hpp"
#include "properties/report.hpp"

namespace shootdown::tests {

LoadResult load(const tests::Expectation& e) {
    LoadOptions o;
    o.variant = e.variant;
    o.params = e.params;
    o.store_buffer = e.store_buffer;
    if (e.memory == "sc") o.memory = ir::MemoryModel::SC;
    if (e.memory == "tso") o.memory = ir::MemoryModel::TSO;
    o.library_dirs.push_back(SHOOTDOWN_SOURCE_DIR "/model/lib");
    return load_model(e.file, o);
}

bool property_matches(const machine::Machine& m, const checker::Counterexample& c,
                      const std::string& want) {
    if (c.kind == checker::ViolationKind::Deadlock) return want == "deadlock";
    std::string name = m.property_name(c.property);
    return name == want || name == "invariant " + want;
}

void check_replay(const machine::Machine& m, const tests::Expectation& e,
                  const checker::Counterexample& c) {
    machine::Trace trace = machine::build_trace(m, c);
    properties::RunContext ctx{
        e.file, e.variant, {}, e.memory.empty() ? "sc" : e.memory, e.store_buffer};
    // One file per process: CTest runs the regression suites in parallel.
    std::string path = (std::filesystem::temp_directory_path() /
                        ("shootdown-regression-trace-" + std::to_string(getpid()) + ".json"))
                           .string();
    std::ofstream(path) << properties::render_json(ctx, properties::describe_violation(m, trace));
    std::string error;
    std::optional<machine::TraceFile> file = machine::parse_trace_json(path, error);
    REQUIRE(file);
    machine::ReplayResult r = machine::replay(m, *file);
    CHECK(r.replayed);
    CHECK(r.confirmed);
    std::remove(path.c_str());
}

void check_outcome(const machine::Machine& m, const Expectation& e, const checker::SearchResult& r,
                   bool replay) {
    if (e.verdict == "no-violation") {
        CHECK(r.verdict == checker::Verdict::NoViolation);
        REQUIRE(e.states);
        CHECK(r.stats.states == *e.states);
        if (e.transitions) CHECK(r.stats.transitions == *e.transitions);
        return;
    }
    REQUIRE(r.verdict == checker::Verdict::Violation);
    CHECK(property_matches(m, *r.counterexample, e.property));
    if (e.steps) CHECK(r.counterexample->path.steps.size() == *e.steps);
    if (replay) check_replay(m, e, *r.counterexample);
}

} // namespace shootdown::tests

// The verdict regression suite: every `// expect:` line of every example is
// run with BFS and DFS; the verdict, the violated property, the exact state
// and transition counts (BFS and DFS must agree) and the shortest
// counterexample length must be as written, and every counterexample must
// replay from its JSON form.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/frontend.hpp"
#include "model/machine/trace_json.hpp"
#include "tests/regression/expectations.hpp"

using namespace shootdown;

namespace {

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
    machine::TraceContext ctx{
        e.file, e.variant, {}, e.memory.empty() ? "sc" : e.memory, e.store_buffer};
    // One file per process: ctest -j runs the test cases side by side.
    std::string name = "shootdown-regression-trace-" + std::to_string(getpid()) + ".json";
    std::string path = (std::filesystem::temp_directory_path() / name).string();
    std::ofstream(path) << machine::render_json(m, trace, ctx);
    std::string error;
    std::optional<machine::TraceFile> file = machine::parse_trace_json(path, error);
    REQUIRE(file);
    machine::ReplayResult r = machine::replay(m, *file);
    CHECK(r.replayed);
    CHECK(r.confirmed);
    std::remove(path.c_str());
}

} // namespace

TEST_CASE("every example reaches its expected verdict", "[regression]") {
    std::vector<tests::Expectation> all = tests::all_expectations(SHOOTDOWN_SOURCE_DIR "/examples");
    REQUIRE(all.size() >= 10); // a glob that finds nothing must not pass
    for (const tests::Expectation& e : all) {
        INFO(e.label());
        LoadResult loaded = load(e);
        REQUIRE(loaded.program);
        machine::Machine m(*loaded.program);
        checker::SearchOptions bfs;
        checker::SearchResult r = checker::search(m, bfs);
        if (e.verdict == "no-violation") {
            CHECK(r.verdict == checker::Verdict::NoViolation);
        } else {
            REQUIRE(e.verdict == "violation");
            REQUIRE(r.verdict == checker::Verdict::Violation);
            CHECK(property_matches(m, *r.counterexample, e.property));
            if (e.steps) CHECK(r.counterexample->path.steps.size() == *e.steps);
            check_replay(m, e, *r.counterexample);
        }
        if (e.states) CHECK(r.stats.states == *e.states);
        if (e.transitions) CHECK(r.stats.transitions == *e.transitions);
        if (e.skip_dfs || r.verdict != checker::Verdict::NoViolation) continue;
        checker::SearchOptions dfs;
        dfs.strategy = checker::Strategy::Dfs;
        checker::SearchResult d = checker::search(m, dfs);
        CHECK(d.verdict == r.verdict);
        CHECK(d.stats.states == r.stats.states);
        CHECK(d.stats.transitions == r.stats.transitions);
    }
}

// The same answers from BFS on two threads, for the examples that are cheap
// to search twice (a violation, or a small state space).
TEST_CASE("every cheap example reaches the same verdict on two threads", "[regression][threads]") {
    constexpr std::uint64_t kCheap = 20'000;
    for (const tests::Expectation& e : tests::all_expectations(SHOOTDOWN_SOURCE_DIR "/examples")) {
        if (e.verdict == "no-violation" && (!e.states || *e.states > kCheap)) continue;
        INFO(e.label());
        LoadResult loaded = load(e);
        REQUIRE(loaded.program);
        machine::Machine m(*loaded.program);
        checker::SearchOptions two;
        two.threads = 2;
        checker::SearchResult r = checker::search(m, two);
        if (e.verdict == "no-violation") {
            CHECK(r.verdict == checker::Verdict::NoViolation);
            CHECK(r.stats.states == *e.states);
            if (e.transitions) CHECK(r.stats.transitions == *e.transitions);
            continue;
        }
        REQUIRE(r.verdict == checker::Verdict::Violation);
        CHECK(property_matches(m, *r.counterexample, e.property));
        if (e.steps) CHECK(r.counterexample->path.steps.size() == *e.steps);
        check_replay(m, e, *r.counterexample);
    }
}

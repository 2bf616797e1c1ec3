// The compiled steps (model/compiled/) against the interpreter on the
// examples: for a representative subset — the first expectation of each
// example file under each memory model — the model is compiled, the search
// runs on the compiled steps under --self-check (which compares both
// engines' successors and invariant verdicts on every state) and must give
// the pinned verdict and counts, and a counterexample must replay.
#include <set>
#include <tuple>

#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/compiled/compiled_stepper.hpp"
#include "model/machine/self_check.hpp"
#include "tests/regression/expectations.hpp"
#include "tests/regression/run.hpp"

using namespace shootdown;

namespace {

// One per (file, memory model): every distinct Program costs a compile.
std::vector<tests::Expectation> representatives() {
    std::set<std::pair<std::string, std::string>> seen;
    std::vector<tests::Expectation> out;
    for (const tests::Expectation& e : tests::all_expectations(SHOOTDOWN_SOURCE_DIR "/examples"))
        if (seen.insert({e.file, e.memory == "tso" ? "tso" : "sc"}).second) out.push_back(e);
    return out;
}

void adopt_compiled(machine::Machine& m) {
    const compiled::BuildResult built = compiled::build_module(m.tables());
    INFO(built.why);
    REQUIRE(built.module != nullptr);
    m.adopt_steps(std::make_unique<compiled::CompiledStepper>(built.module, m.interpreter(),
                                                              m.program().statistics.size()));
}

} // namespace

TEST_CASE("the compiled steps give the interpreter's successors on the examples",
          "[regression][compiled]") {
    constexpr std::uint64_t kCheap = 100'000;
    const std::vector<tests::Expectation> subset = representatives();
    REQUIRE(subset.size() >= 10);
    for (const tests::Expectation& e : subset) {
        INFO(e.label());
        LoadResult loaded = tests::load(e);
        REQUIRE(loaded.program);
        machine::Machine m(*loaded.program);
        adopt_compiled(m);
        REQUIRE(m.compiled() != nullptr);
        machine::SelfCheckedMachine checked(m);
        checker::SearchOptions bfs;
        bfs.threads = 1;
        const bool cheap = e.verdict == "violation" || (e.states && *e.states <= kCheap);
        if (!cheap) bfs.max_states = 5'000;
        checker::SearchResult r;
        REQUIRE_NOTHROW(r = checker::search(checked, bfs));
        if (!cheap) {
            CHECK(r.verdict == checker::Verdict::Incomplete);
            continue;
        }
        tests::check_outcome(m, e, r, /*replay=*/true);
    }
}

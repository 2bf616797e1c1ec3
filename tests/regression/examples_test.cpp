// The verdict regression suite: every `// expect:` line of every example is
// run with BFS and DFS; the verdict, the violated property, the exact state
// and transition counts (BFS and DFS must agree) and the shortest
// counterexample length must be as written, and every counterexample must
// replay from its JSON form.
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "tests/regression/expectations.hpp"
#include "tests/regression/run.hpp"

using namespace shootdown;

using tests::check_replay;
using tests::load;
using tests::property_matches;

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
        check_outcome(m, e, checker::search(m, two), /*replay=*/true);
    }
}

// Every example's expectations again with partial-order reduction (BFS, and
// DFS on the small ones): the same verdict and property, a counterexample
// that replays (its steps are ordinals in the full successor lists, so the
// unreduced machine replays it), never more states than the full search, and
// on seed 000 under TSO the reduction pinned to its exact count.
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/reduce/por_system.hpp"
#include "tests/regression/expectations.hpp"
#include "tests/regression/run.hpp"

using namespace shootdown;

namespace {

checker::SearchOptions with_por(checker::Strategy strategy) {
    checker::SearchOptions o;
    o.strategy = strategy;
    o.partial_order_reduction = true;
    return o;
}

// The reduced search reaches its states in another order, so where a model
// breaks two properties it may meet the other one first: that one must be
// a violation another expectation of the same variant names.
bool expected_violation(const machine::Machine& m, const checker::Counterexample& cex,
                        const tests::Expectation& e, const std::vector<tests::Expectation>& all) {
    if (tests::property_matches(m, cex, e.property)) return true;
    for (const tests::Expectation& other : all)
        if (other.file == e.file && other.variant == e.variant && other.memory == e.memory &&
            other.verdict == "violation" && tests::property_matches(m, cex, other.property))
            return true;
    return false;
}

} // namespace

TEST_CASE("partial-order reduction keeps every example's verdict", "[regression][por]") {
    std::vector<tests::Expectation> all = tests::all_expectations(SHOOTDOWN_SOURCE_DIR "/examples");
    REQUIRE(all.size() >= 10);
    for (const tests::Expectation& e : all) {
        INFO(e.label());
        LoadResult loaded = tests::load(e);
        REQUIRE(loaded.program);
        machine::Machine m(*loaded.program);
        const reduce::PartialOrderSystem por(m, m);
        // DFS explores the same ample sets in another order (the proviso
        // then cuts different cycles); it runs where the example says DFS is
        // cheap, to keep the sanitizer build's time in check.
        for (checker::Strategy strategy : {checker::Strategy::Bfs, checker::Strategy::Dfs}) {
            if (strategy == checker::Strategy::Dfs &&
                (e.skip_dfs || !e.states || *e.states > 20000))
                continue;
            checker::SearchResult r = checker::search(por, with_por(strategy));
            if (e.verdict == "no-violation") {
                CHECK(r.verdict == checker::Verdict::NoViolation);
                if (e.states) CHECK(r.stats.states <= *e.states);
                continue;
            }
            REQUIRE(r.verdict == checker::Verdict::Violation);
            // DFS may meet another of a model's violations first.
            if (strategy == checker::Strategy::Bfs)
                CHECK(expected_violation(m, *r.counterexample, e, all));
            tests::check_replay(m, e, *r.counterexample);
        }
    }
}

TEST_CASE("partial-order reduction on seed 000 under TSO", "[regression][por]") {
    tests::Expectation e;
    e.file = SHOOTDOWN_SOURCE_DIR "/examples/seed-000-lazy-tlb/lazy_tlb.sd";
    e.variant = "C";
    e.memory = "tso";
    LoadResult loaded = tests::load(e);
    REQUIRE(loaded.program);
    machine::Machine m(*loaded.program);
    const reduce::PartialOrderSystem por(m, m);
    REQUIRE(por.active());
    checker::SearchResult full = checker::search(m, {});
    checker::SearchResult reduced = checker::search(por, with_por(checker::Strategy::Bfs));
    CHECK(full.stats.states == 94695);
    CHECK(reduced.verdict == checker::Verdict::NoViolation);
    CHECK(reduced.stats.states == 48643);
    CHECK(reduced.stats.transitions == 69647);
    // The level proviso asks only about earlier levels, so two threads
    // choose the same sets.
    checker::SearchOptions two = with_por(checker::Strategy::Bfs);
    two.threads = 2;
    checker::SearchResult parallel = checker::search(por, two);
    CHECK(parallel.stats.states == 48643);
    CHECK(parallel.stats.transitions == 69647);
}

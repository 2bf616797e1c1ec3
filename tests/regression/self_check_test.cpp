// --self-check over every example: the machine keeps the promises the
// engine and the reductions rely on (machine/self_check.hpp) on every state
// of the cheap examples, with the pinned verdicts and counts, and on the
// first states of the others.
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/machine/self_check.hpp"
#include "tests/regression/expectations.hpp"
#include "tests/regression/run.hpp"

using namespace shootdown;

TEST_CASE("every example passes --self-check", "[regression][self-check]") {
    constexpr std::uint64_t kCheap = 25'000;
    std::vector<tests::Expectation> all = tests::all_expectations(SHOOTDOWN_SOURCE_DIR "/examples");
    REQUIRE(all.size() >= 10);
    for (const tests::Expectation& e : all) {
        INFO(e.label());
        LoadResult loaded = tests::load(e);
        REQUIRE(loaded.program);
        machine::Machine m(*loaded.program);
        machine::SelfCheckedMachine checked(m);
        checker::SearchOptions bfs;
        const bool cheap = e.verdict == "violation" || (e.states && *e.states <= kCheap);
        if (!cheap) bfs.max_states = 2'000;
        checker::SearchResult r;
        REQUIRE_NOTHROW(r = checker::search(checked, bfs));
        if (!cheap) {
            CHECK(r.verdict == checker::Verdict::Incomplete);
            CHECK(r.stats.states >= 2'000);
            continue;
        }
        tests::check_outcome(m, e, r, /*replay=*/false);
    }
}

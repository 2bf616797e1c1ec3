// The counterexample does not depend on the thread count or the threads'
// timing: for every example expectation with a violation, searches with 2
// and 3 threads, repeated, report exactly the path of the one-thread search
// (checker/level_order.hpp says why they can).
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "tests/regression/expectations.hpp"
#include "tests/regression/run.hpp"

using namespace shootdown;

TEST_CASE("every thread count reports the one-thread counterexample on the examples",
          "[regression][parallel]") {
    std::size_t compared = 0;
    for (const tests::Expectation& e : tests::all_expectations(SHOOTDOWN_SOURCE_DIR "/examples")) {
        if (e.verdict != "violation") continue;
        INFO(e.label());
        LoadResult loaded = tests::load(e);
        REQUIRE(loaded.program);
        machine::Machine m(*loaded.program);
        checker::SearchOptions options;
        options.threads = 1;
        const checker::SearchResult one = checker::search(m, options);
        REQUIRE(one.verdict == checker::Verdict::Violation);
        for (unsigned threads : {2u, 3u, 2u}) {
            options.threads = threads;
            const checker::SearchResult many = checker::search(m, options);
            INFO(threads << " threads");
            REQUIRE(many.verdict == checker::Verdict::Violation);
            CHECK(many.counterexample->kind == one.counterexample->kind);
            CHECK(many.counterexample->property == one.counterexample->property);
            CHECK(many.counterexample->path.initial == one.counterexample->path.initial);
            CHECK(many.counterexample->path.steps == one.counterexample->path.steps);
        }
        ++compared;
    }
    CHECK(compared >= 40);
}

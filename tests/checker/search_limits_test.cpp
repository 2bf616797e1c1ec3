// Every limit ends the search as Incomplete, names the limit, and leaves the
// statistics of what was explored.
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/pacer.hpp"
#include "checker/search.hpp"
#include "tests/checker/synthetic_systems.hpp"

namespace shootdown::checker {
namespace {

using testing::chain;
using testing::CounterSystem;
using testing::Graph;
using testing::GraphSystem;
using testing::with_strategy;

void check_incomplete(const SearchResult& result, Limit limit, const CounterSystem& system) {
    CHECK(result.verdict == Verdict::Incomplete);
    CHECK(result.limit == limit);
    CHECK_FALSE(result.counterexample.has_value());
    CHECK(result.stats.states > 0);
    CHECK(result.stats.states < system.expected_states());
    CHECK(result.stats.transitions < system.expected_transitions());
    CHECK(result.stats.depth <= system.expected_depth());
    CHECK(result.stats.store_bytes > 0);
    CHECK(result.stats.seconds > 0);
}

TEST_CASE("max_states stops the search when the store would exceed it", "[search][limits]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    const CounterSystem system(3, 9); // 1000 states
    SearchOptions options = with_strategy(strategy);

    SECTION("exactly enough room completes") {
        options.max_states = 1000;
        const SearchResult result = search(system, options);
        CHECK(result.verdict == Verdict::NoViolation);
        CHECK(result.stats.states == 1000);
        CHECK(result.stats.transitions == 2700);
    }
    SECTION("one state short is incomplete") {
        options.max_states = 999;
        const SearchResult result = search(system, options);
        check_incomplete(result, Limit::States, system);
        CHECK(result.stats.states == 999);
    }
    SECTION("a small limit") {
        options.max_states = 100;
        const SearchResult result = search(system, options);
        check_incomplete(result, Limit::States, system);
        CHECK(result.stats.states == 100);
        // Each expanded state has at most 3 successors, and at least 99 of
        // them were generated to find 99 new states.
        CHECK(result.stats.transitions >= 99);
        CHECK(result.stats.transitions <= 3 * 100);
    }
}

TEST_CASE("A violation beyond the state limit is not reported", "[search][limits]") {
    GraphSystem system(chain(10));
    system.bad_nodes[8] = 1;
    SearchOptions options;
    options.max_states = 8; // nodes 0..7
    const SearchResult result = search(system, options);
    CHECK(result.verdict == Verdict::Incomplete);
    CHECK(result.limit == Limit::States);
    CHECK(result.stats.states == 8);
    options.max_states = 9;
    CHECK(search(system, options).verdict == Verdict::Violation);
}

TEST_CASE("max_memory_bytes stops the search on the store's own accounting", "[search][limits]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    const CounterSystem system(4, 31); // 1,048,576 states: well over 4 MiB
    SearchOptions options = with_strategy(strategy);
    options.max_memory_bytes = std::uint64_t{4} << 20;
    const SearchResult result = search(system, options);
    check_incomplete(result, Limit::Memory, system);
    if (strategy == Strategy::Bfs) {
        // BFS holds nothing outside the store, so the store went over.
        CHECK(result.stats.store_bytes > options.max_memory_bytes);
    }
    // It stops soon after crossing the limit (one chunk or table doubling).
    CHECK(result.stats.store_bytes < 3 * options.max_memory_bytes);

    options.max_memory_bytes = std::uint64_t{1} << 30;
    const SearchResult small = search(CounterSystem(3, 9), options);
    CHECK(small.verdict == Verdict::NoViolation);
    CHECK(small.stats.store_bytes < options.max_memory_bytes);
}

TEST_CASE("time_limit_seconds stops even a slow model promptly", "[search][limits]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    const CounterSystem counters(4, 31);
    // At 200us per expansion the full search would take minutes.
    const testing::SlowSystem system(counters, std::chrono::microseconds(200));
    SearchOptions options = with_strategy(strategy);
    options.time_limit_seconds = 0.05;
    const SearchResult result = search(system, options);
    check_incomplete(result, Limit::Time, counters);
    CHECK(result.stats.seconds >= 0.05);
    // The clock is read often enough for a slow model despite the pacing.
    CHECK(result.stats.seconds < 1.0);
}

TEST_CASE("time_limit_seconds stops a fast model", "[search][limits]") {
    const CounterSystem system(4, 31);
    SearchOptions options;
    options.time_limit_seconds = 1e-3;
    const SearchResult result = search(system, options);
    check_incomplete(result, Limit::Time, system);
}

TEST_CASE("max_depth bounds the exploration exactly", "[search][limits][depth]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    // All paths to a counter state have the same length, so DFS is exact too.
    const CounterSystem system(3, 9);
    SearchOptions options = with_strategy(strategy);

    SECTION("a shallow bound") {
        options.max_depth = 5;
        const SearchResult result = search(system, options);
        check_incomplete(result, Limit::Depth, system);
        CHECK(result.stats.states == 56);       // counter sums 0..5
        CHECK(result.stats.transitions == 105); // 3 from each of the 35 sums 0..4
        CHECK(result.stats.depth == 5);
    }
    SECTION("one short of the deepest state") {
        options.max_depth = 26;
        const SearchResult result = search(system, options);
        check_incomplete(result, Limit::Depth, system);
        CHECK(result.stats.states == 999);
        CHECK(result.stats.transitions == 2697);
        CHECK(result.stats.depth == 26);
    }
    SECTION("at the deepest state, which has no successors") {
        options.max_depth = 27;
        const SearchResult result = search(system, options);
        CHECK(result.verdict == Verdict::NoViolation);
        CHECK(result.limit == Limit::None);
        CHECK(result.stats.states == 1000);
        CHECK(result.stats.transitions == 2700);
    }
}

TEST_CASE("max_depth: violations within the bound are found, beyond it are not",
          "[search][limits][depth]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    GraphSystem system(chain(10));
    system.bad_nodes[6] = 3;
    SearchOptions options = with_strategy(strategy);

    options.max_depth = 6;
    const SearchResult within = search(system, options);
    REQUIRE(within.verdict == Verdict::Violation);
    CHECK(within.counterexample->path.steps.size() == 6);

    options.max_depth = 5;
    const SearchResult beyond = search(system, options);
    CHECK(beyond.verdict == Verdict::Incomplete);
    CHECK(beyond.limit == Limit::Depth);
    CHECK(beyond.stats.states == 6);
    CHECK(beyond.stats.transitions == 5);
    CHECK(beyond.stats.depth == 5);
}

TEST_CASE("max_depth: a state at the bound is still checked for deadlock",
          "[search][limits][depth]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    GraphSystem system(chain(4));
    SearchOptions options = with_strategy(strategy);
    options.max_depth = 3;
    CHECK(search(system, options).verdict == Verdict::NoViolation); // 3 may terminate
    system.stuck_nodes = {3};
    const SearchResult result = search(system, options);
    REQUIRE(result.verdict == Verdict::Violation);
    CHECK(result.counterexample->kind == ViolationKind::Deadlock);
}

TEST_CASE("Progress is reported with growing numbers", "[search][progress]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    const CounterSystem system(4, 23); // 331,776 states
    std::vector<Progress> reports;
    SearchOptions options = with_strategy(strategy);
    options.on_progress = [&reports](const Progress& progress) { reports.push_back(progress); };

    SECTION("on every clock reading when the interval is zero") {
        options.progress_interval_seconds = 0;
        const SearchResult result = search(system, options);
        REQUIRE(result.verdict == Verdict::NoViolation);
        REQUIRE(reports.size() >= 10);
        for (std::size_t i = 1; i < reports.size(); ++i) {
            CHECK(reports[i].states >= reports[i - 1].states);
            CHECK(reports[i].transitions >= reports[i - 1].transitions);
            CHECK(reports[i].seconds >= reports[i - 1].seconds);
            CHECK(reports[i].depth >= reports[i - 1].depth);
        }
        CHECK(reports.back().states <= result.stats.states);
        CHECK(reports.back().transitions <= result.stats.transitions);
        CHECK(reports.back().states > reports.front().states);
        CHECK(reports.front().queued > 0);
        CHECK(reports.front().memory_bytes > 0);
    }
    SECTION("never when the search is shorter than the interval") {
        options.progress_interval_seconds = 1e6;
        CHECK(search(system, options).verdict == Verdict::NoViolation);
        CHECK(reports.empty());
    }
}

TEST_CASE("Pacer reads the clock less often in fast loops and more often in slow ones", "[pacer]") {
    Pacer pacer;
    CHECK(pacer.tick()); // the first expansion already reads the clock
    for (int i = 0; i < 1000; ++i)
        pacer.read();
    CHECK(pacer.stride() == Pacer::kMaxStride);
    std::uint32_t ticks = 0;
    while (!pacer.tick())
        ++ticks;
    CHECK(ticks == Pacer::kMaxStride - 1);

    const std::uint32_t fast = pacer.stride();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pacer.read();
    // Scaled to read again in about 5 ms: a quarter of the stride, or less
    // if the sleep overslept.
    CHECK(pacer.stride() <= fast / 4);
    CHECK(pacer.stride() >= 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pacer.read();
    CHECK(pacer.stride() <= fast / 16);
}

} // namespace
} // namespace shootdown::checker

// Complete searches: exact state, transition and depth counts, the same for
// BFS and DFS.
#include <chrono>

#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "tests/checker/synthetic_systems.hpp"

namespace shootdown::checker {
namespace {

using testing::CounterSystem;
using testing::Graph;
using testing::GraphSystem;
using testing::TorusSystem;
using testing::with_strategy;

void check_complete(const SearchResult& result) {
    CHECK(result.verdict == Verdict::NoViolation);
    CHECK(result.limit == Limit::None);
    CHECK_FALSE(result.counterexample.has_value());
}

TEST_CASE("Counter systems: exact states, transitions and depth", "[search][counts]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    const auto [counters, top] = GENERATE(
        table<std::size_t, std::uint8_t>({{1, 0}, {1, 200}, {3, 9}, {2, 49}, {5, 4}, {7, 2}}));
    CAPTURE(strategy, counters, top);
    const CounterSystem system(counters, top);
    const auto before = std::chrono::steady_clock::now();
    const SearchResult result = search(system, with_strategy(strategy));
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
    check_complete(result);
    CHECK(result.stats.states == system.expected_states());
    CHECK(result.stats.transitions == system.expected_transitions());
    // Every path to a counter state has the same length, so even DFS finds
    // the true depth.
    CHECK(result.stats.depth == system.expected_depth());
    CHECK(result.stats.store_bytes > 0);
    CHECK(result.stats.peak_memory_bytes >= result.stats.store_bytes);
    // The search's own clock: started inside the call, read before it returns.
    CHECK(result.stats.seconds > 0);
    CHECK(result.stats.seconds <= wall);
}

TEST_CASE("Known numbers for a small counter system", "[search][counts]") {
    // Spelled out rather than derived: 3 counters 0..9.
    const SearchResult result = search(CounterSystem(3, 9), {});
    CHECK(result.stats.states == 1000);
    CHECK(result.stats.transitions == 2700);
    CHECK(result.stats.depth == 27);
}

TEST_CASE("Torus: every cell, four moves each, depth of the farthest cell", "[search][counts]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    const auto [width, height] =
        GENERATE(table<std::uint16_t, std::uint16_t>({{3, 3}, {10, 7}, {64, 64}, {300, 5}}));
    CAPTURE(strategy, width, height);
    const SearchResult result = search(TorusSystem(width, height), with_strategy(strategy));
    check_complete(result);
    CHECK(result.stats.states == std::uint64_t{width} * height);
    CHECK(result.stats.transitions == 4 * std::uint64_t{width} * height);
    if (strategy == Strategy::Bfs) CHECK(result.stats.depth == width / 2 + height / 2);
    if (strategy == Strategy::Dfs) CHECK(result.stats.depth >= width / 2 + height / 2);
}

TEST_CASE("Random graphs: counts match a reference BFS", "[search][counts][random]") {
    const auto seed = GENERATE(range(1u, 31u));
    CAPTURE(seed);
    const Graph graph = testing::random_graph(seed, 3000, 3);
    const testing::Reference reference = testing::reference_bfs(graph);
    REQUIRE(reference.distance.size() > 100);

    const GraphSystem system(graph);
    const SearchResult bfs = search(system, with_strategy(Strategy::Bfs));
    const SearchResult dfs = search(system, with_strategy(Strategy::Dfs));
    check_complete(bfs);
    check_complete(dfs);
    CHECK(bfs.stats.states == reference.distance.size());
    CHECK(bfs.stats.transitions == reference.transitions);
    CHECK(bfs.stats.depth == reference.depth);
    CHECK(dfs.stats.states == bfs.stats.states);
    CHECK(dfs.stats.transitions == bfs.stats.transitions);
    CHECK(dfs.stats.depth >= bfs.stats.depth);
}

TEST_CASE("Repeated edges and self loops are transitions but not states", "[search][counts]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    Graph graph;
    graph.edges = {{1, 1, 0}, {1, 2}, {}};
    const SearchResult result = search(GraphSystem(graph), with_strategy(strategy));
    check_complete(result);
    CHECK(result.stats.states == 3);
    CHECK(result.stats.transitions == 5);
    CHECK(result.stats.depth == 2);
}

TEST_CASE("Multiple initial states, some repeated, some reachable from others",
          "[search][counts]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    // Two chains 0->1->2 and 10->11, node 5 isolated; 1 is also initial.
    Graph graph;
    graph.edges.resize(12);
    graph.edges[0] = {1};
    graph.edges[1] = {2};
    graph.edges[10] = {11};
    graph.initial = {0, 10, 10, 1, 5};
    const SearchResult result = search(GraphSystem(graph), with_strategy(strategy));
    check_complete(result);
    CHECK(result.stats.states == 6);
    CHECK(result.stats.transitions == 3);
    CHECK(result.stats.depth == 1); // 2 is one step from the initial state 1
}

TEST_CASE("Degenerate systems: no initial state, a lone terminal state", "[search][counts]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    Graph graph;
    graph.edges = {{}};

    SECTION("no initial state") {
        graph.initial = {};
        const SearchResult result = search(GraphSystem(graph), with_strategy(strategy));
        check_complete(result);
        CHECK(result.stats.states == 0);
        CHECK(result.stats.transitions == 0);
    }
    SECTION("one state that may terminate") {
        const SearchResult result = search(GraphSystem(graph), with_strategy(strategy));
        check_complete(result);
        CHECK(result.stats.states == 1);
        CHECK(result.stats.transitions == 0);
        CHECK(result.stats.depth == 0);
    }
}

} // namespace
} // namespace shootdown::checker

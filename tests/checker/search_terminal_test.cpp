// SearchOptions::on_terminal: every reachable state with no successors that
// may terminate is reported exactly once, by both strategies; stuck states
// (deadlocks) and states the search never expands are not.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "checker/search.hpp"
#include "tests/checker/synthetic_systems.hpp"

namespace shootdown::checker {
namespace {

using testing::CounterSystem;
using testing::Graph;
using testing::GraphSystem;
using testing::read_u32;
using testing::with_strategy;

// How many times each node was reported as terminal.
std::map<std::uint32_t, int> terminal_nodes(const TransitionSystem& system, SearchOptions options) {
    std::map<std::uint32_t, int> seen;
    options.on_terminal = [&seen](const std::byte* state) { ++seen[read_u32(state)]; };
    search(system, options);
    return seen;
}

TEST_CASE("on_terminal reports each reachable sink once", "[search][terminal]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    // 0 -> 1, 2, 3; 1 -> 4; 2 -> 4; 3 -> 3 (a self loop is not an end);
    // 4 and 5 have no successors, 5 is unreachable.
    Graph graph;
    graph.edges = {{1, 2, 3}, {4}, {4}, {3}, {}, {}};
    const GraphSystem system(graph);
    const std::map<std::uint32_t, int> seen = terminal_nodes(system, with_strategy(strategy));
    CHECK(seen == std::map<std::uint32_t, int>{{4, 1}});
}

TEST_CASE("on_terminal skips stuck states, with or without deadlock checking",
          "[search][terminal]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    Graph graph;
    graph.edges = {{1, 2}, {}, {}};
    GraphSystem system(graph);
    system.stuck_nodes = {2};
    SearchOptions options = with_strategy(strategy);
    options.check_deadlock = false;
    CHECK(terminal_nodes(system, options) == std::map<std::uint32_t, int>{{1, 1}});
    // With deadlock checking the search stops at node 2; node 1 is reported
    // only if it was expanded first (BFS order: 1 before 2; DFS: lowest first).
    options.check_deadlock = true;
    std::map<std::uint32_t, int> seen;
    options.on_terminal = [&seen](const std::byte* state) { ++seen[read_u32(state)]; };
    const SearchResult result = search(system, options);
    CHECK(result.verdict == Verdict::Violation);
    CHECK(seen.count(2) == 0);
}

TEST_CASE("on_terminal: a counter system ends in one state", "[search][terminal]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    const CounterSystem system(3, 4);
    SearchOptions options = with_strategy(strategy);
    std::set<std::vector<std::byte>> ends;
    int calls = 0;
    options.on_terminal = [&](const std::byte* state) {
        ++calls;
        ends.emplace(state, state + system.state_bytes());
    };
    const SearchResult result = search(system, options);
    CHECK(result.verdict == Verdict::NoViolation);
    CHECK(calls == 1);
    REQUIRE(ends.size() == 1);
    for (std::byte b : *ends.begin())
        CHECK(std::to_integer<int>(b) == 4);
}

TEST_CASE("on_terminal is not called beyond max_depth", "[search][terminal]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    // A chain 0 -> 1 -> 2 -> 3 with the sink at depth 3.
    Graph graph;
    graph.edges = {{1}, {2}, {3}, {}};
    const GraphSystem system(graph);
    SearchOptions options = with_strategy(strategy);
    options.max_depth = 2;
    CHECK(terminal_nodes(system, options).empty());
    options.max_depth = 3;
    CHECK(terminal_nodes(system, options) == std::map<std::uint32_t, int>{{3, 1}});
}

} // namespace
} // namespace shootdown::checker

// Invariant, step and deadlock violations, and the paths that show them.
#include <algorithm>
#include <set>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "checker/path.hpp"
#include "checker/search.hpp"
#include "tests/checker/synthetic_systems.hpp"

namespace shootdown::checker {
namespace {

using testing::chain;
using testing::Graph;
using testing::GraphSystem;
using testing::read_u32;
using testing::walk;
using testing::with_strategy;

// The node a counterexample's path leads to, followed through the system.
std::uint32_t end_node(const TransitionSystem& system, const Counterexample& counterexample) {
    const testing::Walk reached = walk(system, counterexample.path);
    REQUIRE(reached.valid);
    return read_u32(reached.state.data());
}

// A chain 0 -> 1 -> ... -> n-1, the last node without successors.
TEST_CASE("BFS finds an invariant violation by a shortest path", "[search][violation][random]") {
    const auto seed = GENERATE(range(1u, 31u));
    CAPTURE(seed);
    const Graph graph = testing::random_graph(seed, 3000, 3);
    const testing::Reference reference = testing::reference_bfs(graph);
    // The farthest reachable node, and one halfway there.
    const auto farthest =
        std::max_element(reference.distance.begin(), reference.distance.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    REQUIRE(farthest->second >= 2);
    const std::uint32_t target = farthest->first;
    const std::uint32_t distance = farthest->second;

    GraphSystem system(graph);
    system.bad_nodes[target] = 42;

    const SearchResult bfs = search(system, with_strategy(Strategy::Bfs));
    REQUIRE(bfs.verdict == Verdict::Violation);
    REQUIRE(bfs.counterexample.has_value());
    CHECK(bfs.counterexample->kind == ViolationKind::Invariant);
    CHECK(bfs.counterexample->property == 42);
    CHECK(bfs.counterexample->path.steps.size() == distance);
    CHECK(end_node(system, *bfs.counterexample) == target);
    CHECK(bfs.stats.depth == distance);
    CHECK(bfs.stats.states <= reference.distance.size());

    const SearchResult dfs = search(system, with_strategy(Strategy::Dfs));
    REQUIRE(dfs.verdict == Verdict::Violation);
    CHECK(dfs.counterexample->kind == ViolationKind::Invariant);
    CHECK(dfs.counterexample->property == 42);
    CHECK(dfs.counterexample->path.steps.size() >= distance);
    CHECK(end_node(system, *dfs.counterexample) == target);
}

// The nodes of a graph in the order a FIFO breadth-first search discovers them.
std::vector<std::uint32_t> discovery_order(const Graph& graph) {
    std::vector<std::uint32_t> order;
    std::set<std::uint32_t> seen;
    for (const std::uint32_t node : graph.initial)
        if (seen.insert(node).second) order.push_back(node);
    for (std::size_t next = 0; next < order.size(); ++next) {
        for (const std::uint32_t target : graph.edges[order[next]])
            if (seen.insert(target).second) order.push_back(target);
    }
    return order;
}

TEST_CASE("BFS reports the first violating state in discovery order",
          "[search][violation][random]") {
    const auto seed = GENERATE(range(1u, 21u));
    CAPTURE(seed);
    const Graph graph = testing::random_graph(seed, 3000, 4);
    const std::vector<std::uint32_t> order = discovery_order(graph);
    REQUIRE(order.size() > 100);
    GraphSystem system(graph);
    // Several bad nodes from the second half of the discovery order.
    for (std::size_t k = 0; k < 6; ++k)
        system.bad_nodes[order[order.size() / 2 + (seed * 37 + k * 101) % (order.size() / 2)]] =
            static_cast<PropertyId>(k);
    std::uint32_t first_bad = 0;
    for (const std::uint32_t node : order) {
        if (system.bad_nodes.contains(node)) {
            first_bad = node;
            break;
        }
    }
    const SearchResult result = search(system, {});
    REQUIRE(result.verdict == Verdict::Violation);
    CHECK(end_node(system, *result.counterexample) == first_bad);
    CHECK(result.counterexample->property == system.bad_nodes.at(first_bad));
}

TEST_CASE("BFS reports the nearest of several violating states", "[search][violation]") {
    // 0 -> 1 -> 2 -> 3 -> 4 and a shortcut 0 -> 5 -> 4; 4 and 3 are bad.
    Graph graph;
    graph.edges = {{1, 5}, {2}, {3}, {4}, {}, {4}};
    GraphSystem system(graph);
    system.bad_nodes = {{3, 1}, {4, 2}};
    const SearchResult result = search(system, {});
    REQUIRE(result.verdict == Verdict::Violation);
    CHECK(result.counterexample->property == 2);
    CHECK(result.counterexample->path.steps == std::vector<std::uint32_t>{1, 0});
    CHECK(end_node(system, *result.counterexample) == 4);
}

TEST_CASE("A violating initial state has an empty path", "[search][violation]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    Graph graph = chain(3);
    graph.initial = {1, 0};
    GraphSystem system(graph);
    system.bad_nodes[0] = 9;
    const SearchResult result = search(system, with_strategy(strategy));
    REQUIRE(result.verdict == Verdict::Violation);
    CHECK(result.counterexample->kind == ViolationKind::Invariant);
    CHECK(result.counterexample->property == 9);
    CHECK(result.counterexample->path.initial == 1);
    CHECK(result.counterexample->path.steps.empty());
    CHECK(result.stats.depth == 0);
}

TEST_CASE("The path starts from the initial state the violation is reachable from",
          "[search][violation]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    // Initial states 0 (chain 0->1->2) and 3 (chain 3->4->5); 5 is bad.
    Graph graph;
    graph.edges = {{1}, {2}, {}, {4}, {5}, {}};
    graph.initial = {0, 3};
    GraphSystem system(graph);
    system.bad_nodes[5] = 1;
    const SearchResult result = search(system, with_strategy(strategy));
    REQUIRE(result.verdict == Verdict::Violation);
    CHECK(result.counterexample->path.initial == 1);
    CHECK(result.counterexample->path.steps == std::vector<std::uint32_t>{0, 0});
    CHECK(end_node(system, *result.counterexample) == 5);
}

TEST_CASE("A step violation: the parent's path plus the violating ordinal", "[search][violation]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    // 0 -> {1, 2}, 1 -> {3}, 2 -> {3, 0}; the step 2 -> 0 (ordinal 1) is bad.
    Graph graph;
    graph.edges = {{1, 2}, {3}, {3, 0}, {}};
    GraphSystem system(graph);
    system.bad_steps[{2, 1}] = 77;
    const SearchResult result = search(system, with_strategy(strategy));
    REQUIRE(result.verdict == Verdict::Violation);
    CHECK(result.counterexample->kind == ViolationKind::Step);
    CHECK(result.counterexample->property == 77);
    CHECK(result.counterexample->path.initial == 0);
    CHECK(result.counterexample->path.steps == std::vector<std::uint32_t>{1, 1});
    const testing::Walk reached = walk(system, result.counterexample->path);
    REQUIRE(reached.valid);
    CHECK(reached.last_step == 77);
    CHECK(read_u32(reached.state.data()) == 0);
}

TEST_CASE("A step violation on a step to a known state is still found", "[search][violation]") {
    // 0 -> {1, 1}: the second edge to 1 is bad although 1 is already stored.
    Graph graph;
    graph.edges = {{1, 1}, {}};
    GraphSystem system(graph);
    system.bad_steps[{0, 1}] = 5;
    const SearchResult result = search(system, {});
    REQUIRE(result.verdict == Verdict::Violation);
    CHECK(result.counterexample->kind == ViolationKind::Step);
    CHECK(result.counterexample->path.steps == std::vector<std::uint32_t>{1});
}

TEST_CASE("A state without successors that may not terminate is a deadlock",
          "[search][violation][deadlock]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    GraphSystem system(chain(4));
    system.stuck_nodes = {3};

    SECTION("reported with the path to the stuck state") {
        const SearchResult result = search(system, with_strategy(strategy));
        REQUIRE(result.verdict == Verdict::Violation);
        CHECK(result.counterexample->kind == ViolationKind::Deadlock);
        CHECK(result.counterexample->property == kNoProperty);
        CHECK(result.counterexample->path.steps == std::vector<std::uint32_t>{0, 0, 0});
        CHECK(end_node(system, *result.counterexample) == 3);
        CHECK(result.stats.states == 4);
        CHECK(result.stats.transitions == 3);
    }
    SECTION("ignored when deadlock checking is off") {
        SearchOptions options = with_strategy(strategy);
        options.check_deadlock = false;
        const SearchResult result = search(system, options);
        CHECK(result.verdict == Verdict::NoViolation);
        CHECK(result.stats.states == 4);
    }
}

TEST_CASE("A sink that may terminate is not a deadlock", "[search][violation][deadlock]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    GraphSystem system(chain(4)); // node 3 has no successors, may terminate
    system.stuck_nodes = {1};     // stuck_nodes only matter without successors
    const SearchResult result = search(system, with_strategy(strategy));
    CHECK(result.verdict == Verdict::NoViolation);
    CHECK(result.stats.states == 4);
    CHECK(result.stats.depth == 3);
}

TEST_CASE("A torus never deadlocks although no state may terminate", "[search][deadlock]") {
    const SearchResult result = search(testing::TorusSystem(5, 5), {});
    CHECK(result.verdict == Verdict::NoViolation);
}

TEST_CASE("replay() returns the states along a path", "[path]") {
    Graph graph;
    graph.edges = {{2, 1}, {0}, {1}};
    graph.initial = {2, 0};
    const GraphSystem system(graph);
    const auto states = replay(system, Path{1, {0, 0, 0, 1}});
    std::vector<std::uint32_t> nodes;
    for (const auto& state : states)
        nodes.push_back(read_u32(state.data()));
    CHECK(nodes == std::vector<std::uint32_t>{0, 2, 1, 0, 1});

    CHECK_THROWS_AS(replay(system, Path{2, {}}), std::out_of_range);
    CHECK_THROWS_AS(replay(system, Path{0, {0, 1}}), std::out_of_range);
}

} // namespace
} // namespace shootdown::checker

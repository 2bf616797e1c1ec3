// BFS on several threads: the same states, transitions, depth and verdict as
// on one, a shortest counterexample, and limits that still end it cleanly.
#include <atomic>
#include <chrono>
#include <set>

#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "tests/checker/synthetic_systems.hpp"

namespace shootdown::checker {
namespace {

using testing::CounterSystem;
using testing::Graph;
using testing::GraphSystem;
using testing::read_u32;

SearchOptions with_threads(unsigned threads) {
    SearchOptions options;
    options.threads = threads;
    return options;
}

void check_same(const SearchResult& one, const SearchResult& many) {
    CHECK(many.verdict == one.verdict);
    CHECK(many.limit == one.limit);
    CHECK(many.stats.states == one.stats.states);
    CHECK(many.stats.transitions == one.stats.transitions);
    CHECK(many.stats.depth == one.stats.depth);
}

TEST_CASE("Threads: counter systems and tori give the one-thread numbers", "[search][threads]") {
    const unsigned threads = GENERATE(2u, 4u, 0u);
    CAPTURE(threads);
    // 100,000 and 262,144 states: the table grows several times under the threads.
    const CounterSystem counters(5, 9);
    const SearchResult counted = search(counters, with_threads(threads));
    CHECK(counted.verdict == Verdict::NoViolation);
    CHECK(counted.stats.states == counters.expected_states());
    CHECK(counted.stats.transitions == counters.expected_transitions());
    CHECK(counted.stats.depth == counters.expected_depth());
    const testing::TorusSystem torus(512, 512);
    check_same(search(torus, with_threads(1)), search(torus, with_threads(threads)));
}

TEST_CASE("Threads: random graphs give the one-thread numbers", "[search][threads][random]") {
    const auto seed = GENERATE(range(1u, 21u));
    CAPTURE(seed);
    const GraphSystem system(testing::random_graph(seed, 3000, 3));
    const SearchResult one = search(system, with_threads(1));
    check_same(one, search(system, with_threads(2)));
    check_same(one, search(system, with_threads(4)));
}

TEST_CASE("Threads: a shortest counterexample of each kind", "[search][threads][violation]") {
    const auto seed = GENERATE(range(1u, 21u));
    const unsigned threads = GENERATE(2u, 4u);
    CAPTURE(seed, threads);
    const Graph graph = testing::random_graph(seed, 3000, 3);
    const testing::Reference reference = testing::reference_bfs(graph);
    std::vector<std::uint32_t> far; // the reachable nodes at the largest distance - 1
    for (const auto& [node, distance] : reference.distance)
        if (distance + 1 == reference.depth) far.push_back(node);
    REQUIRE(!far.empty());

    GraphSystem system(graph);
    SECTION("invariant") {
        for (std::size_t i = 0; i < far.size(); i += 2)
            system.bad_nodes[far[i]] = 5;
    }
    SECTION("step") {
        for (const std::uint32_t node : far)
            if (!graph.edges[node].empty()) system.bad_steps[{node, 0}] = 6;
    }
    SECTION("deadlock") {
        for (const auto& [node, distance] : reference.distance)
            if (graph.edges[node].empty()) system.stuck_nodes.insert(node);
    }
    const SearchResult one = search(system, with_threads(1));
    const SearchResult many = search(system, with_threads(threads));
    REQUIRE(one.verdict == Verdict::Violation);
    REQUIRE(many.verdict == Verdict::Violation);
    CHECK(many.counterexample->kind == one.counterexample->kind);
    CHECK(many.counterexample->property == one.counterexample->property);
    CHECK(many.counterexample->path.steps.size() == one.counterexample->path.steps.size());
    const testing::Walk reached = testing::walk(system, many.counterexample->path);
    REQUIRE(reached.valid);
    const std::uint32_t node = read_u32(reached.state.data());
    if (many.counterexample->kind == ViolationKind::Invariant) {
        CHECK(system.bad_nodes.contains(node));
    } else if (many.counterexample->kind == ViolationKind::Step) {
        CHECK(reached.last_step == 6);
    } else {
        CHECK(system.stuck_nodes.contains(node));
    }
}

TEST_CASE("Threads: on_terminal sees each sink once, one call at a time",
          "[search][threads][terminal]") {
    const Graph graph = testing::random_graph(3, 20000, 3);
    const GraphSystem system(graph);
    std::multiset<std::uint32_t> one_thread;
    SearchOptions options = with_threads(1);
    options.on_terminal = [&](const std::byte* state) { one_thread.insert(read_u32(state)); };
    search(system, options);
    REQUIRE(one_thread.size() > 10);

    std::multiset<std::uint32_t> seen;
    std::atomic<int> inside{0};
    bool overlapped = false;
    options.threads = 4;
    options.on_terminal = [&](const std::byte* state) {
        if (inside.fetch_add(1) != 0) overlapped = true;
        seen.insert(read_u32(state));
        inside.fetch_sub(1);
    };
    search(system, options);
    CHECK_FALSE(overlapped);
    CHECK(seen == one_thread);
}

TEST_CASE("Threads: limits end the search as on one thread", "[search][threads][limits]") {
    const CounterSystem system(4, 23); // 331,776 states
    SearchOptions options = with_threads(3);

    SECTION("max_states: exactly the limit, or all when it is enough") {
        options.max_states = 100'000;
        const SearchResult cut = search(system, options);
        CHECK(cut.verdict == Verdict::Incomplete);
        CHECK(cut.limit == Limit::States);
        CHECK(cut.stats.states == 100'000);
        options.max_states = system.expected_states();
        CHECK(search(system, options).verdict == Verdict::NoViolation);
    }
    SECTION("max_depth: the same counts") {
        options.max_depth = 40;
        SearchOptions one = options;
        one.threads = 1;
        const SearchResult many = search(system, options);
        check_same(search(system, one), many);
        CHECK(many.limit == Limit::Depth);
    }
    SECTION("max_memory_bytes") {
        options.max_memory_bytes = std::uint64_t{2} << 20;
        const SearchResult result = search(system, options);
        CHECK(result.verdict == Verdict::Incomplete);
        CHECK(result.limit == Limit::Memory);
        CHECK(result.stats.store_bytes < 3 * options.max_memory_bytes);
    }
    SECTION("time_limit_seconds, even for a slow model") {
        const testing::SlowSystem slow(system, std::chrono::microseconds(200));
        options.time_limit_seconds = 0.05;
        const SearchResult result = search(slow, options);
        CHECK(result.verdict == Verdict::Incomplete);
        CHECK(result.limit == Limit::Time);
        CHECK(result.stats.seconds < 1.0);
    }
    SECTION("progress reports") {
        std::vector<Progress> reports;
        options.progress_interval_seconds = 0;
        options.on_progress = [&](const Progress& progress) { reports.push_back(progress); };
        CHECK(search(system, options).verdict == Verdict::NoViolation);
        REQUIRE(reports.size() >= 3);
        CHECK(reports.back().states >= reports.front().states);
        CHECK(reports.back().transitions > 0);
    }
}

TEST_CASE("Threads: DFS ignores the thread count", "[search][threads]") {
    SearchOptions options = with_threads(4);
    options.strategy = Strategy::Dfs;
    const CounterSystem system(3, 9);
    const SearchResult result = search(system, options);
    CHECK(result.stats.states == 1000);
    CHECK(result.stats.transitions == 2700);
}

} // namespace
} // namespace shootdown::checker

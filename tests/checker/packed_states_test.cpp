// Systems whose states carry zero padding (packed_bytes() < state_bytes()):
// the store keeps only the packed bytes, yet the system always sees full,
// zero-padded states.
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "tests/checker/synthetic_systems.hpp"

namespace shootdown::checker {
namespace {

using testing::CounterSystem;
using testing::GraphSystem;
using testing::PaddedSystem;
using testing::read_u32;
using testing::with_strategy;

TEST_CASE("Padded states: same counts, padding never stored, never garbage", "[search][packed]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    const CounterSystem inner(5, 4); // 5-byte states, 3125 of them
    const PaddedSystem padded(inner, 11);
    SearchOptions options = with_strategy(strategy);
    int terminals = 0;
    options.on_terminal = [&](const std::byte* state) {
        ++terminals;
        for (std::size_t i = 5; i < padded.state_bytes(); ++i)
            CHECK(state[i] == std::byte{0});
    };
    const SearchResult plain = search(inner, with_strategy(strategy));
    const SearchResult result = search(padded, options);
    CHECK(result.verdict == Verdict::NoViolation);
    CHECK(result.stats.states == inner.expected_states());
    CHECK(result.stats.transitions == inner.expected_transitions());
    CHECK(result.stats.depth == inner.expected_depth());
    CHECK(terminals == 1);
    CHECK(padded.bad_handoffs() == 0);
    // The padding costs no store memory.
    CHECK(result.stats.store_bytes == plain.stats.store_bytes);
}

TEST_CASE("Padded states: counterexamples still lead to the violation", "[search][packed]") {
    const auto strategy = GENERATE(Strategy::Bfs, Strategy::Dfs);
    CAPTURE(strategy);
    GraphSystem graph(testing::random_graph(7, 2000, 3));
    const testing::Reference reference = testing::reference_bfs(graph.graph());
    std::uint32_t target = 0;
    for (const auto& [node, distance] : reference.distance)
        if (distance > reference.distance.at(target)) target = node;
    graph.bad_nodes[target] = 3;
    const PaddedSystem padded(graph, 4);
    const SearchResult result = search(padded, with_strategy(strategy));
    REQUIRE(result.verdict == Verdict::Violation);
    const testing::Walk reached = testing::walk(padded, result.counterexample->path);
    REQUIRE(reached.valid);
    CHECK(read_u32(reached.state.data()) == target);
    if (strategy == Strategy::Bfs)
        CHECK(result.counterexample->path.steps.size() == reference.distance.at(target));
    CHECK(padded.bad_handoffs() == 0);
}

} // namespace
} // namespace shootdown::checker

// Hash compaction and bitstate: the same answers as the exact store while
// the set is far from saturated, an omission estimate always, and honest
// losses when the set is too small.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/bit_state_set.hpp"
#include "checker/fingerprint_set.hpp"
#include "checker/lossy_store.hpp"
#include "checker/search.hpp"
#include "tests/checker/synthetic_systems.hpp"

namespace shootdown::checker {
namespace {

using testing::CounterSystem;
using testing::Graph;
using testing::GraphSystem;
using testing::read_u32;

SearchOptions with_store(StoreKind store) {
    SearchOptions options;
    options.store = store;
    options.bitstate_log2_bits = 27; // 16 MiB: about 3e-4 states missed of 100,000
    return options;
}

TEST_CASE("Lossy stores: exact counts and a tiny omission estimate", "[search][lossy]") {
    const StoreKind store = GENERATE(StoreKind::HashCompact, StoreKind::Bitstate);
    CAPTURE(store);
    const CounterSystem counters(5, 9);
    const SearchResult result = search(counters, with_store(store));
    CHECK(result.verdict == Verdict::NoViolation);
    CHECK(result.stats.states == counters.expected_states());
    CHECK(result.stats.transitions == counters.expected_transitions());
    CHECK(result.stats.depth == counters.expected_depth());
    REQUIRE(result.stats.omission.has_value());
    // The estimate is the documented formula for these n states.
    const auto n = static_cast<double>(result.stats.states);
    double expected = 0;
    if (store == StoreKind::HashCompact) {
        expected = n * (n - 1) / std::ldexp(1.0, 65);
    } else {
        const double m = std::ldexp(1.0, 27);
        for (double i = 0; i < n; ++i)
            expected += std::pow(1 - std::exp(-3 * i / m), 3);
    }
    CHECK(result.stats.omission->expected_missed == Approx(expected).epsilon(1e-4));
    CHECK(result.stats.omission->probability == Approx(std::min(1.0, expected)).epsilon(1e-4));
    CHECK(result.stats.omission->probability < 1e-3);
    CHECK_FALSE(search(counters, {}).stats.omission.has_value()); // exact: no estimate

    for (std::uint32_t seed = 1; seed <= 10; ++seed) {
        const GraphSystem graph(testing::random_graph(seed, 3000, 3));
        const SearchResult exact = search(graph, {});
        const SearchResult lossy = search(graph, with_store(store));
        CHECK(lossy.stats.states == exact.stats.states);
        CHECK(lossy.stats.transitions == exact.stats.transitions);
        CHECK(lossy.stats.depth == exact.stats.depth);
    }
}

TEST_CASE("Hash compaction holds at most 12 bytes per state", "[search][lossy]") {
    const CounterSystem counters(4, 31); // 1,048,576 states
    const SearchResult result = search(counters, with_store(StoreKind::HashCompact));
    CHECK(result.stats.states == counters.expected_states());
    CHECK(result.stats.store_bytes <= 12 * result.stats.states);
    // n(n-1)/2^65 for n = 2^20
    CHECK(result.stats.omission->expected_missed == Approx(std::ldexp(1.0, -25)).epsilon(1e-3));
}

TEST_CASE("A bit array too small loses states and says so", "[search][lossy]") {
    const CounterSystem counters(4, 31);
    SearchOptions options = with_store(StoreKind::Bitstate);
    options.bitstate_log2_bits = 14; // 16,384 bits for a million states
    const SearchResult result = search(counters, options);
    CHECK(result.verdict == Verdict::NoViolation);
    CHECK(result.stats.states < counters.expected_states());
    REQUIRE(result.stats.omission.has_value());
    CHECK(result.stats.omission->probability == 1.0);
    CHECK(result.stats.omission->expected_missed > 1000);
}

TEST_CASE("Lossy stores: shortest counterexamples rebuilt from the trace log",
          "[search][lossy][violation]") {
    const StoreKind store = GENERATE(StoreKind::HashCompact, StoreKind::Bitstate);
    const auto seed = GENERATE(range(1u, 11u));
    CAPTURE(store, seed);
    const Graph graph = testing::random_graph(seed, 3000, 3);
    const testing::Reference reference = testing::reference_bfs(graph);
    std::uint32_t target = 0;
    for (const auto& [node, distance] : reference.distance)
        if (distance > reference.distance.at(target)) target = node;
    GraphSystem system(graph);

    SECTION("invariant") {
        system.bad_nodes[target] = 8;
        const SearchResult result = search(system, with_store(store));
        REQUIRE(result.verdict == Verdict::Violation);
        CHECK(result.counterexample->path.steps.size() == reference.distance.at(target));
        const testing::Walk reached = testing::walk(system, result.counterexample->path);
        REQUIRE(reached.valid);
        CHECK(read_u32(reached.state.data()) == target);
    }
    SECTION("step and deadlock agree with the exact store") {
        system.bad_steps[{target, 0}] = 4;
        for (const auto& [node, distance] : reference.distance)
            if (graph.edges[node].empty() && distance > 3) system.stuck_nodes.insert(node);
        const SearchResult exact = search(system, {});
        const SearchResult lossy = search(system, with_store(store));
        REQUIRE(lossy.verdict == exact.verdict);
        if (exact.verdict == Verdict::Violation) {
            CHECK(lossy.counterexample->kind == exact.counterexample->kind);
            CHECK(lossy.counterexample->path.steps == exact.counterexample->path.steps);
            CHECK(lossy.counterexample->path.initial == exact.counterexample->path.initial);
        }
    }
}

TEST_CASE("Lossy stores: limits and terminal states", "[search][lossy][limits]") {
    const StoreKind store = GENERATE(StoreKind::HashCompact, StoreKind::Bitstate);
    CAPTURE(store);
    const CounterSystem counters(3, 9);
    SearchOptions options = with_store(store);
    options.max_states = 500;
    SearchResult result = search(counters, options);
    CHECK(result.verdict == Verdict::Incomplete);
    CHECK(result.limit == Limit::States);
    CHECK(result.stats.states == 500);

    options.max_states = 0;
    options.max_depth = 5;
    result = search(counters, options);
    CHECK(result.limit == Limit::Depth);
    CHECK(result.stats.states == 56);
    CHECK(result.stats.transitions == 105);

    options.max_depth = 0;
    int terminals = 0;
    options.on_terminal = [&](const std::byte*) { ++terminals; };
    CHECK(search(counters, options).verdict == Verdict::NoViolation);
    CHECK(terminals == 1);
}

// The lossy stores run through the same engine as the exact one, so every
// limit, terminal state and counterexample must come out the same while the
// set loses nothing.
TEST_CASE("Lossy stores: the same limits, terminal states and paths as the exact store",
          "[search][lossy][limits]") {
    const StoreKind store = GENERATE(StoreKind::HashCompact, StoreKind::Bitstate);
    const auto seed = GENERATE(range(1u, 6u));
    CAPTURE(store, seed);
    Graph graph = testing::random_graph(seed, 2000, 3);
    graph.initial = {0, 7, 0, 11}; // a repeated initial state is stored once
    GraphSystem system(graph);
    auto compare = [&](SearchOptions options) {
        std::uint64_t exact_terminals = 0, lossy_terminals = 0;
        options.on_terminal = [&](const std::byte*) { ++exact_terminals; };
        const SearchResult exact = search(system, options);
        options.store = store;
        options.bitstate_log2_bits = 27;
        options.on_terminal = [&](const std::byte*) { ++lossy_terminals; };
        const SearchResult lossy = search(system, options);
        CHECK(lossy.verdict == exact.verdict);
        CHECK(lossy.limit == exact.limit);
        CHECK(lossy.stats.states == exact.stats.states);
        CHECK(lossy.stats.transitions == exact.stats.transitions);
        CHECK(lossy.stats.depth == exact.stats.depth);
        CHECK(lossy_terminals == exact_terminals);
        REQUIRE(lossy.counterexample.has_value() == exact.counterexample.has_value());
        if (exact.counterexample) {
            CHECK(lossy.counterexample->kind == exact.counterexample->kind);
            CHECK(lossy.counterexample->property == exact.counterexample->property);
            CHECK(lossy.counterexample->path.initial == exact.counterexample->path.initial);
            CHECK(lossy.counterexample->path.steps == exact.counterexample->path.steps);
        }
        return exact;
    };
    SearchOptions options;
    for (const std::uint64_t max_states : {1u, 4u, 5u, 100u, 1000u}) {
        options.max_states = max_states;
        CHECK(compare(options).stats.states <= max_states);
    }
    options = {};
    for (const std::uint32_t max_depth : {1u, 3u, 8u}) {
        options.max_depth = max_depth;
        CHECK(compare(options).stats.depth <= max_depth);
    }
    options = {};
    options.check_deadlock = false;
    CHECK(compare(options).verdict == Verdict::NoViolation);
    system.bad_nodes[11] = 3; // an initial state breaks an invariant
    const SearchResult initial = compare({});
    REQUIRE(initial.counterexample.has_value());
    CHECK(initial.counterexample->path.initial == 3);
    CHECK(initial.counterexample->path.steps.empty());
}

TEST_CASE("LossyStore numbers states in discovery order and keeps one level", "[lossy]") {
    LossyStore<FingerprintSet> store(4, 3);
    std::array<std::byte, 4> state{};
    auto insert = [&](std::uint32_t node, std::uint32_t parent, std::uint32_t ordinal) {
        testing::write_u32(state.data(), node);
        return store.insert(state.data(), store.hash(state.data()), parent, ordinal);
    };
    StateStore::Insertion first = insert(10, LossyStore<FingerprintSet>::kNoParent, 0);
    CHECK(first.inserted);
    CHECK(first.index == 0);
    CHECK_FALSE(insert(10, LossyStore<FingerprintSet>::kNoParent, 1).inserted);
    store.begin_level();
    CHECK(read_u32(store.state(0)) == 10);
    CHECK(insert(20, 0, 2).index == 1);
    CHECK(insert(30, 0, 5).index == 2);
    const StateStore::Insertion full = insert(40, 2, 1);
    CHECK(full.full);
    CHECK_FALSE(full.inserted);
    CHECK(store.size() == 3);
    store.begin_level();
    CHECK(read_u32(store.state(1)) == 20);
    CHECK(read_u32(store.state(2)) == 30);
    const Path path = store.path_to(2);
    CHECK(path.initial == 0);
    CHECK(path.steps == std::vector<std::uint32_t>{5});
    CHECK(store.omission().expected_missed == FingerprintSet::expected_collisions(3));
}

TEST_CASE("FingerprintSet finds every duplicate across growths", "[lossy]") {
    FingerprintSet set;
    for (std::uint64_t i = 1; i <= 300'000; ++i)
        REQUIRE(set.insert(i * 0x9e3779b97f4a7c15ull));
    for (std::uint64_t i = 1; i <= 300'000; ++i)
        REQUIRE_FALSE(set.insert(i * 0x9e3779b97f4a7c15ull));
    CHECK(set.size() == 300'000);
    CHECK(set.insert(0));
    CHECK_FALSE(set.insert(0));
}

TEST_CASE("BitStateSet: the omission estimate follows the textbook formula", "[lossy]") {
    const BitStateSet bits(20);
    const double m = std::ldexp(1.0, 20);
    // Compare the summed estimate with a direct sum over a few states.
    double direct = 0;
    for (int i = 0; i < 200'000; ++i)
        direct += std::pow(1 - std::exp(-3.0 * i / m), 3);
    CHECK(bits.expected_omissions(200'000) == Approx(direct).epsilon(1e-3));
    CHECK(bits.expected_omissions(0) == 0);
}

} // namespace
} // namespace shootdown::checker

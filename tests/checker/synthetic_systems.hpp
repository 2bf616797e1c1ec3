// Transition systems for testing the search engine without a model language:
// a state is a few bytes encoding a node of a graph or a tuple of counters.
// Also an independent reference BFS and a path walker, so the engine's answers
// are checked against code that shares nothing with it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "checker/search.hpp"
#include "checker/transition_system.hpp"

namespace shootdown::checker::testing {

inline std::uint32_t read_u32(const std::byte* bytes) {
    std::uint32_t value = 0;
    std::memcpy(&value, bytes, sizeof value);
    return value;
}

inline void write_u32(std::byte* bytes, std::uint32_t value) {
    std::memcpy(bytes, &value, sizeof value);
}

// An explicit directed graph: edges[n] lists the successors of node n in
// order (repeats allowed: each one is a transition).
struct Graph {
    std::vector<std::vector<std::uint32_t>> edges;
    std::vector<std::uint32_t> initial{0};
};

// A graph as a transition system; a state is a 4-byte node id.
class GraphSystem : public TransitionSystem {
public:
    explicit GraphSystem(Graph graph) : graph_(std::move(graph)) {}

    std::map<std::uint32_t, PropertyId> bad_nodes;                           // invariant violations
    std::map<std::pair<std::uint32_t, std::uint32_t>, PropertyId> bad_steps; // (node, ordinal)
    std::set<std::uint32_t> stuck_nodes; // no successors and may not terminate

    [[nodiscard]] const Graph& graph() const { return graph_; }

    [[nodiscard]] std::size_t state_bytes() const override { return 4; }
    void initial_states(Successors& out) const override {
        for (const std::uint32_t node : graph_.initial)
            write_u32(out.push_uninitialised(), node);
    }
    void successors(const std::byte* state, Successors& out) const override {
        const std::uint32_t node = read_u32(state);
        const std::vector<std::uint32_t>& targets = graph_.edges.at(node);
        for (std::uint32_t i = 0; i < targets.size(); ++i) {
            write_u32(out.push(state), targets[i]);
            const auto bad = bad_steps.find({node, i});
            if (bad != bad_steps.end()) out.mark_violation(bad->second);
        }
    }
    [[nodiscard]] PropertyId check_state(const std::byte* state) const override {
        const auto bad = bad_nodes.find(read_u32(state));
        return bad == bad_nodes.end() ? kNoProperty : bad->second;
    }
    [[nodiscard]] bool may_terminate(const std::byte* state) const override {
        return !stuck_nodes.contains(read_u32(state));
    }

private:
    Graph graph_;
};

// `counters` one-byte counters, each counting from 0 up to `top`; a step
// increments one counter that is below `top`. Every state is reachable:
// (top+1)^counters states, counters * top * (top+1)^(counters-1) transitions,
// and the deepest state (all at top) is counters * top steps away. Every path
// to a state has the same length: the sum of its counters.
class CounterSystem : public TransitionSystem {
public:
    CounterSystem(std::size_t counters, std::uint8_t top) : counters_(counters), top_(top) {}

    [[nodiscard]] std::uint64_t expected_states() const { return power(counters_); }
    [[nodiscard]] std::uint64_t expected_transitions() const {
        return counters_ * top_ * power(counters_ - 1);
    }
    [[nodiscard]] std::uint32_t expected_depth() const {
        return static_cast<std::uint32_t>(counters_ * top_);
    }

    [[nodiscard]] std::size_t state_bytes() const override { return counters_; }
    void initial_states(Successors& out) const override {
        std::memset(out.push_uninitialised(), 0, counters_);
    }
    void successors(const std::byte* state, Successors& out) const override {
        for (std::size_t i = 0; i < counters_; ++i) {
            const auto value = std::to_integer<std::uint8_t>(state[i]);
            if (value < top_) out.push(state)[i] = std::byte(value + 1);
        }
    }
    [[nodiscard]] PropertyId check_state(const std::byte*) const override { return kNoProperty; }
    [[nodiscard]] bool may_terminate(const std::byte*) const override { return true; }

private:
    [[nodiscard]] std::uint64_t power(std::size_t exponent) const {
        std::uint64_t result = 1;
        for (std::size_t i = 0; i < exponent; ++i)
            result *= top_ + 1u;
        return result;
    }

    std::size_t counters_;
    std::uint8_t top_;
};

// A width x height torus; a step moves one cell right, left, down or up,
// wrapping around. A state is two 2-byte coordinates.
class TorusSystem : public TransitionSystem {
public:
    TorusSystem(std::uint16_t width, std::uint16_t height) : width_(width), height_(height) {}

    [[nodiscard]] std::size_t state_bytes() const override { return 4; }
    void initial_states(Successors& out) const override { write(out.push_uninitialised(), 0, 0); }
    void successors(const std::byte* state, Successors& out) const override {
        std::uint16_t cell[2];
        std::memcpy(cell, state, sizeof cell);
        const int x = cell[0];
        const int y = cell[1];
        write(out.push(state), (x + 1) % width_, y);
        write(out.push(state), (x + width_ - 1) % width_, y);
        write(out.push(state), x, (y + 1) % height_);
        write(out.push(state), x, (y + height_ - 1) % height_);
    }
    [[nodiscard]] PropertyId check_state(const std::byte*) const override { return kNoProperty; }
    [[nodiscard]] bool may_terminate(const std::byte*) const override { return false; }

private:
    static void write(std::byte* state, int x, int y) {
        const std::uint16_t cell[2] = {static_cast<std::uint16_t>(x),
                                       static_cast<std::uint16_t>(y)};
        std::memcpy(state, cell, sizeof cell);
    }

    std::uint16_t width_;
    std::uint16_t height_;
};

// Another system whose successor generation takes `delay`.
class SlowSystem : public TransitionSystem {
public:
    SlowSystem(const TransitionSystem& inner, std::chrono::microseconds delay)
        : inner_(inner), delay_(delay) {}

    [[nodiscard]] std::size_t state_bytes() const override { return inner_.state_bytes(); }
    void initial_states(Successors& out) const override { inner_.initial_states(out); }
    void successors(const std::byte* state, Successors& out) const override {
        std::this_thread::sleep_for(delay_);
        inner_.successors(state, out);
    }
    [[nodiscard]] PropertyId check_state(const std::byte* state) const override {
        return inner_.check_state(state);
    }
    [[nodiscard]] bool may_terminate(const std::byte* state) const override {
        return inner_.may_terminate(state);
    }

private:
    const TransitionSystem& inner_;
    std::chrono::microseconds delay_;
};

// Another system with each state padded by `padding` zero bytes, as the
// model pads states to whole words: packed_bytes() is the inner size. It
// counts the states handed to it whose padding is not zero, which catches a
// store that passes its packed copy instead of a full state.
class PaddedSystem : public TransitionSystem {
public:
    PaddedSystem(const TransitionSystem& inner, std::size_t padding)
        : inner_(inner), padding_(padding) {}

    [[nodiscard]] std::uint64_t bad_handoffs() const { return bad_handoffs_.load(); }

    [[nodiscard]] std::size_t state_bytes() const override {
        return inner_.state_bytes() + padding_;
    }
    [[nodiscard]] std::size_t packed_bytes() const override { return inner_.state_bytes(); }
    void initial_states(Successors& out) const override {
        Successors inner(inner_.state_bytes());
        inner_.initial_states(inner);
        pad(inner, out);
    }
    void successors(const std::byte* state, Successors& out) const override {
        inspect(state);
        Successors inner(inner_.state_bytes());
        inner_.successors(state, inner);
        pad(inner, out);
    }
    [[nodiscard]] PropertyId check_state(const std::byte* state) const override {
        inspect(state);
        return inner_.check_state(state);
    }
    [[nodiscard]] bool may_terminate(const std::byte* state) const override {
        inspect(state);
        return inner_.may_terminate(state);
    }

private:
    void inspect(const std::byte* state) const {
        for (std::size_t i = inner_.state_bytes(); i < state_bytes(); ++i) {
            if (state[i] != std::byte{0}) {
                ++bad_handoffs_;
                return;
            }
        }
    }
    void pad(const Successors& inner, Successors& out) const {
        for (std::size_t i = 0; i < inner.size(); ++i) {
            std::byte* padded = out.push_uninitialised();
            std::memcpy(padded, inner.state(i), inner_.state_bytes());
            std::memset(padded + inner_.state_bytes(), 0, padding_);
            if (inner.violation(i) != kNoProperty) out.mark_violation(inner.violation(i));
        }
    }

    const TransitionSystem& inner_;
    std::size_t padding_;
    mutable std::atomic<std::uint64_t> bad_handoffs_{0};
};

// A graph of `nodes` nodes, a few of them sinks and the others with
// 1..max_degree edges, mostly to nearby nodes (so shortest paths are long
// enough to be interesting), sometimes to any node; repeated edges are
// possible.
// 0 -> 1 -> ... -> n-1: one path, the last node has no successor.
inline Graph chain(std::uint32_t n) {
    Graph graph;
    graph.edges.resize(n);
    for (std::uint32_t node = 0; node + 1 < n; ++node)
        graph.edges[node] = {node + 1};
    return graph;
}

inline Graph random_graph(std::uint32_t seed, std::uint32_t nodes, std::uint32_t max_degree) {
    std::mt19937 random(seed);
    std::bernoulli_distribution sink(0.05);
    std::uniform_int_distribution<std::uint32_t> degree(1, max_degree);
    std::uniform_int_distribution<std::uint32_t> near(1, 6);
    std::uniform_int_distribution<std::uint32_t> anywhere(0, nodes - 1);
    std::bernoulli_distribution far(0.1);
    Graph graph;
    graph.edges.resize(nodes);
    for (std::uint32_t node = 0; node < nodes; ++node) {
        if (sink(random) && node != 0) continue; // the usual initial node is no sink
        for (std::uint32_t n = degree(random); n > 0; --n) {
            graph.edges[node].push_back(far(random) ? anywhere(random)
                                                    : (node + near(random)) % nodes);
        }
    }
    return graph;
}

// Shortest distances from the initial nodes, by the textbook algorithm.
struct Reference {
    std::map<std::uint32_t, std::uint32_t> distance; // every reachable node
    std::uint64_t transitions = 0;                   // edges out of reachable nodes
    std::uint32_t depth = 0;                         // largest distance
};

inline Reference reference_bfs(const Graph& graph) {
    Reference ref;
    std::deque<std::uint32_t> queue;
    for (const std::uint32_t node : graph.initial) {
        if (ref.distance.emplace(node, 0).second) queue.push_back(node);
    }
    while (!queue.empty()) {
        const std::uint32_t node = queue.front();
        queue.pop_front();
        const std::uint32_t next = ref.distance.at(node) + 1;
        ref.transitions += graph.edges[node].size();
        for (const std::uint32_t target : graph.edges[node]) {
            if (ref.distance.emplace(target, next).second) {
                queue.push_back(target);
                ref.depth = next;
            }
        }
    }
    return ref;
}

// Where a path leads, followed step by step through the system itself.
struct Walk {
    bool valid = false;                 // every ordinal named an existing choice
    std::vector<std::byte> state;       // the state reached
    PropertyId last_step = kNoProperty; // violation marked on the last step taken
};

inline Walk walk(const TransitionSystem& system, const Path& path) {
    Walk result;
    Successors choices(system.state_bytes());
    system.initial_states(choices);
    if (path.initial >= choices.size()) return result;
    result.last_step = choices.violation(path.initial);
    result.state.assign(choices.state(path.initial),
                        choices.state(path.initial) + system.state_bytes());
    for (const std::uint32_t ordinal : path.steps) {
        choices.clear();
        system.successors(result.state.data(), choices);
        if (ordinal >= choices.size()) return result;
        result.last_step = choices.violation(ordinal);
        result.state.assign(choices.state(ordinal), choices.state(ordinal) + system.state_bytes());
    }
    result.valid = true;
    return result;
}

inline SearchOptions with_strategy(Strategy strategy) {
    SearchOptions options;
    options.strategy = strategy;
    return options;
}

} // namespace shootdown::checker::testing

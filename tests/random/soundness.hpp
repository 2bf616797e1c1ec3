// The checks of the random soundness suite: a table of search configurations
// (each a reduction or another engine), each compared with the plain
// breadth-first search on the same model, and the replay of every
// counterexample through the transition system that produced it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/search.hpp"
#include "model/ir/program.hpp"
#include "tests/random/model_generator.hpp"

namespace shootdown::random_models {

// A search and the system it ran on (its counterexample replays through it).
struct Run {
    std::unique_ptr<checker::TransitionSystem> system;
    checker::SearchResult result;
    std::uint64_t terminals = 0; // calls of SearchOptions::on_terminal
    std::string problem;         // what the configuration's own checks found wrong
};

// How a configuration's state and transition counts relate to the
// reference's when neither finds a violation.
enum class Counts {
    Equal,  // an exact search of the same graph
    AtMost, // a reduction that drops states (partial order, lossy store)
    Orbits, // symmetry: states between reference/|G| and reference
    Any,
};

struct Configuration {
    std::string name;
    std::function<Run(const ir::Program&)> run;
    Counts counts = Counts::Equal;
    // Breadth-first: its counterexample has the reference's length (or is
    // a deadlock one step shorter, found on the level the reference was
    // still expanding when it met its violation).
    bool shortest = false;
    // May miss states (hash compaction): "no violation" where the reference
    // finds one is not an error; a violation it reports must still replay.
    bool may_miss_violations = false;
    // Which models it applies to (all if unset), e.g. symmetric ones only.
    std::function<bool(const GeneratedModel&)> applies;
};

// The state limit of every search (a model the reference cannot finish
// within its own, lower limit is skipped).
inline constexpr std::uint64_t kMaxStates = 60000;

// Runs `system` with `options`, by default limited to kMaxStates states.
Run run_search(std::unique_ptr<checker::TransitionSystem> system, checker::SearchOptions options);

// Where replaying `c` through `system` by its ordinals goes wrong (a state
// on the way already violates something, or the end does not violate what
// `c` names), or nothing.
std::optional<std::string> replay_problem(const checker::TransitionSystem& system,
                                          const checker::Counterexample& c);

// Everything wrong with `run` on its own (a counterexample that does not
// replay to its violation) or compared with `reference`; empty if nothing.
std::vector<std::string> compare(const GeneratedModel& model, const Configuration& config,
                                 const Run& run, const Run& reference);

// Breadth-first search with max_depth around the reference's depth (its
// counterexample length, or the depth of its deepest state): what it finds
// that a depth bound should not change.
std::vector<std::string> check_depth_bounds(const checker::TransitionSystem& system,
                                            const Run& reference);

// Explores `system` with its own breadth-first search over a std::set,
// independent of the checker's engine and store.
// `inspect` sees every state with its discovery index and may report a
// problem with it (the first one is kept).
struct OracleResult {
    std::uint64_t states = 0, transitions = 0;
    bool complete = true;
    // Shortest counterexample lengths (UINT32_MAX: none).
    std::uint32_t invariant_or_step = UINT32_MAX, deadlock = UINT32_MAX;
    std::uint64_t terminals = 0; // states without successors that may terminate
    std::string problem;
};
using StateInspector = std::function<std::optional<std::string>(const std::byte*, std::uint64_t)>;
OracleResult explore(const checker::TransitionSystem& system, std::uint64_t max_states,
                     const StateInspector& inspect = {});

// Everything wrong with the reference BFS compared with the oracle.
std::vector<std::string> compare_with_oracle(const Run& reference, const OracleResult& oracle);

} // namespace shootdown::random_models

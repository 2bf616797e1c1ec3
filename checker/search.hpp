// Exhaustive search over a TransitionSystem: options in, verdict out.
// The engine never prints (progress goes through a callback) and never exits.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/transition_system.hpp"

namespace shootdown::checker {

enum class Strategy { Bfs, Dfs };

// How visited states are remembered. Exact keeps every state (and finds
// every violation); the lossy stores keep much less per state, may miss
// states, and say how likely that was (Statistics::omission).
enum class StoreKind {
    Exact,
    HashCompact, // a 64-bit fingerprint per state, about 10 B
    Bitstate,    // 3 bits of a fixed bit array per state
};

struct Progress {
    std::uint64_t states = 0;
    std::uint64_t transitions = 0;
    std::uint64_t queued = 0; // frontier (BFS) or stack (DFS) size
    std::uint32_t depth = 0;
    double seconds = 0;
    std::uint64_t memory_bytes = 0;
};

struct SearchOptions {
    Strategy strategy = Strategy::Bfs;
    std::uint64_t max_states = 0;       // 0: no limit
    std::uint64_t max_memory_bytes = 0; // 0: no limit; counts the store and queue
    double time_limit_seconds = 0;      // 0: no limit
    std::uint32_t max_depth = 0;        // 0: no limit
    bool check_deadlock = true;
    // Partial-order reduction: explore only an ample set of a state's
    // successors when the system marks one (Successors::group) and all its
    // states are new (docs/por.md).
    bool partial_order_reduction = false;
    // Threads for BFS: 1 is the plain one-thread search, 0 one per core. Any
    // number finds the same states, transitions, depth and verdict, and the
    // same counterexample as one thread (see level_order.hpp); only the
    // counts of a run stopped by a violation or a limit differ (several
    // threads finish the level). DFS ignores it.
    unsigned threads = 1;
    // The lossy stores search breadth-first on one thread whatever
    // `strategy` and `threads` say.
    StoreKind store = StoreKind::Exact;
    unsigned bitstate_log2_bits = 30; // Bitstate: the array has 2^this bits
    // Called for every stored state that has no successors and may terminate
    // (every process has finished): the final states, as a litmus test reads
    // them. Not called for states beyond max_depth or after the search stops.
    // With several threads, from any of them, but never two calls at once.
    std::function<void(const std::byte* state)> on_terminal;
    // Called about every progress_interval_seconds while searching (if set).
    std::function<void(const Progress&)> on_progress;
    double progress_interval_seconds = 2.0;
    // Set from outside (a signal handler, another thread) to end the search
    // early: it stops within a fraction of a second, wherever its time goes,
    // and reports what it explored (Limit::Interrupted).
    const std::atomic<bool>* interrupt = nullptr;
};

enum class Verdict { NoViolation, Violation, Incomplete };
enum class ViolationKind { Invariant, Step, Deadlock };
// Why an incomplete search stopped. Memory is max_memory_bytes; OutOfMemory
// is the machine's memory (an allocation failed, or the process holds 90 %
// of what the machine or its cgroup has).
enum class Limit { None, States, Memory, Time, Depth, Interrupted, OutOfMemory };

// A path from an initial state: `initial` picks the initial state, then each
// entry of `steps` is the ordinal of the taken successor in
// TransitionSystem::successors() of the state before it.
struct Path {
    std::uint32_t initial = 0;
    std::vector<std::uint32_t> steps;
};

// The path leads to the violating state (Invariant, Deadlock) or ends with the
// violating step (Step; no steps if initial_states() marked the violation).
struct Counterexample {
    ViolationKind kind = ViolationKind::Invariant;
    PropertyId property = kNoProperty; // kNoProperty for a deadlock
    Path path;
};

// How likely a lossy store made the search miss states.
struct Omission {
    // HashCompact: expected colliding fingerprint pairs, n(n-1)/2^65 for n
    // states. Bitstate: expected new states taken for visited ones, the sum
    // over i < n of (1 - e^(-3i/m))^3 for m bits.
    double expected_missed = 0;
    // That any state was missed: at most expected_missed (union bound).
    double probability = 0;
};

struct Statistics {
    std::uint64_t states = 0;      // distinct states stored
    std::uint64_t transitions = 0; // successors generated (edges, incl. to known states)
    // Distance from an initial state of the deepest stored state, along the
    // paths the search found them by (shortest paths for BFS: the number of
    // levels reached; DFS paths may be longer).
    std::uint32_t depth = 0;
    double seconds = 0;
    std::uint64_t peak_memory_bytes = 0; // process peak RSS
    std::uint64_t store_bytes = 0;       // bytes held by the visited set, arena and parents
    std::optional<Omission> omission;    // lossy stores only
};

struct SearchResult {
    Verdict verdict = Verdict::NoViolation;
    Limit limit = Limit::None;
    std::optional<Counterexample> counterexample;
    Statistics stats;
};

SearchResult search(const TransitionSystem& system, const SearchOptions& options);

} // namespace shootdown::checker

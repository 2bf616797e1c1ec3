// Breadth-first search over a lossy visited set (hash compaction or
// bitstate). There is no arena: the current level and the next are kept as
// packed states, and a trace log on disk records how each state was reached,
// so RAM holds little more than the visited set. Levels are expanded in
// order as in the exact BFS, so a violation found has a shortest path among
// the states the set let through.
#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include <sys/resource.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "checker/bit_state_set.hpp"
#include "checker/fingerprint_set.hpp"
#include "checker/limit_guard.hpp"
#include "checker/lossy_bfs.hpp"
#include "checker/trace_log.hpp"

namespace shootdown::checker {

namespace {

std::uint64_t peak_resident_bytes() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024; // Linux reports KiB
}

Omission omission_of(const FingerprintSet&, std::uint64_t states) {
    const double expected = FingerprintSet::expected_collisions(states);
    return {expected, std::min(1.0, expected)};
}

Omission omission_of(const BitStateSet& bits, std::uint64_t states) {
    const double expected = bits.expected_omissions(states);
    return {expected, std::min(1.0, expected)};
}

// One BFS level: packed states back to back, and each one's trace log number.
struct Level {
    std::vector<std::byte> states;
    std::vector<std::uint32_t> numbers;

    [[nodiscard]] std::size_t size() const { return numbers.size(); }
    [[nodiscard]] std::uint64_t bytes() const {
        return states.capacity() + numbers.capacity() * sizeof(std::uint32_t);
    }
    void clear() {
        states.clear();
        numbers.clear();
    }
};

template <class Visited>
class LossySearch {
public:
    LossySearch(const TransitionSystem& system, const SearchOptions& options, Visited& visited)
        : system_(system), options_(options), visited_(visited), packed_(system.packed_bytes()),
          max_states_(options.max_states == 0
                          ? 0xfffffffeu
                          : std::min<std::uint64_t>(options.max_states, 0xfffffffeu)),
          successors_(system.state_bytes()), scratch_(system.state_bytes(), std::byte{0}) {}

    SearchResult run();

private:
    enum class Flow { Continue, Stop };

    Flow add_initial_states();
    Flow expand(std::size_t i, std::uint32_t depth);
    Flow add(const std::byte* state, TraceLog::Entry how, std::uint32_t depth);
    Flow check_limits();
    Flow violation(ViolationKind kind, PropertyId property, Path path);
    Flow stop(Limit limit);
    Path path_to(std::uint32_t number);
    SearchResult finish();

    const TransitionSystem& system_;
    const SearchOptions& options_;
    Visited& visited_;
    std::size_t packed_;
    std::uint64_t max_states_;
    TraceLog log_;
    Level current_;
    Level next_;
    Successors successors_;
    std::vector<std::byte> scratch_; // a state of the level, zero-padded
    LimitGuard limits_;
    bool depth_cut_ = false;
    SearchResult result_;
};

template <class Visited>
SearchResult LossySearch<Visited>::run() {
    if (add_initial_states() == Flow::Stop) return finish();
    for (std::uint32_t depth = 0; current_.size() > 0; ++depth) {
        for (std::size_t i = 0; i < current_.size(); ++i) {
            if (check_limits() == Flow::Stop || expand(i, depth) == Flow::Stop) return finish();
        }
        std::swap(current_, next_);
        next_.clear();
    }
    return finish();
}

template <class Visited>
typename LossySearch<Visited>::Flow LossySearch<Visited>::add_initial_states() {
    system_.initial_states(successors_);
    for (std::size_t i = 0; i < successors_.size(); ++i) {
        const auto ordinal = static_cast<std::uint32_t>(i);
        if (successors_.violation(i) != kNoProperty) {
            return violation(ViolationKind::Step, successors_.violation(i), Path{ordinal, {}});
        }
        if (add(successors_.state(i), {TraceLog::kNoParent, ordinal}, 0) == Flow::Stop) {
            return Flow::Stop;
        }
    }
    std::swap(current_, next_);
    return Flow::Continue;
}

template <class Visited>
typename LossySearch<Visited>::Flow LossySearch<Visited>::expand(std::size_t i,
                                                                 std::uint32_t depth) {
    const std::uint32_t number = current_.numbers[i];
    std::memcpy(scratch_.data(), current_.states.data() + i * packed_, packed_);
    successors_.clear();
    system_.successors(scratch_.data(), successors_);
    if (successors_.empty()) {
        if (system_.may_terminate(scratch_.data())) {
            if (options_.on_terminal) options_.on_terminal(scratch_.data());
        } else if (options_.check_deadlock) {
            return violation(ViolationKind::Deadlock, kNoProperty, path_to(number));
        }
        return Flow::Continue;
    }
    if (options_.max_depth != 0 && depth >= options_.max_depth) {
        depth_cut_ = true;
        return Flow::Continue;
    }
    result_.stats.transitions += successors_.size();
    for (std::size_t j = 0; j < successors_.size(); ++j) {
        const auto ordinal = static_cast<std::uint32_t>(j);
        if (successors_.violation(j) != kNoProperty) {
            Path path = path_to(number);
            path.steps.push_back(ordinal);
            return violation(ViolationKind::Step, successors_.violation(j), std::move(path));
        }
        if (add(successors_.state(j), {number, ordinal}, depth + 1) == Flow::Stop) {
            return Flow::Stop;
        }
    }
    return Flow::Continue;
}

template <class Visited>
typename LossySearch<Visited>::Flow
LossySearch<Visited>::add(const std::byte* state, TraceLog::Entry how, std::uint32_t depth) {
    if (!visited_.insert(XXH3_64bits(state, packed_))) return Flow::Continue;
    if (log_.size() >= max_states_) return stop(Limit::States);
    const std::uint32_t number = log_.append(how);
    next_.states.insert(next_.states.end(), state, state + packed_);
    next_.numbers.push_back(number);
    result_.stats.depth = std::max(result_.stats.depth, depth);
    const PropertyId broken = system_.check_state(state);
    if (broken != kNoProperty) {
        return violation(ViolationKind::Invariant, broken, path_to(number));
    }
    return Flow::Continue;
}

template <class Visited>
typename LossySearch<Visited>::Flow LossySearch<Visited>::check_limits() {
    const std::uint64_t memory = visited_.bytes() + current_.bytes() + next_.bytes();
    const Limit limit = limits_.check(options_, memory, [&](double seconds) {
        const Statistics& stats = result_.stats;
        return Progress{log_.size(), stats.transitions, current_.size() + next_.size(),
                        stats.depth, seconds,           0};
    });
    return limit == Limit::None ? Flow::Continue : stop(limit);
}

template <class Visited>
typename LossySearch<Visited>::Flow
LossySearch<Visited>::violation(ViolationKind kind, PropertyId property, Path path) {
    result_.verdict = Verdict::Violation;
    result_.counterexample = Counterexample{kind, property, std::move(path)};
    return Flow::Stop;
}

template <class Visited>
typename LossySearch<Visited>::Flow LossySearch<Visited>::stop(Limit limit) {
    result_.verdict = Verdict::Incomplete;
    result_.limit = limit;
    return Flow::Stop;
}

template <class Visited>
Path LossySearch<Visited>::path_to(std::uint32_t number) {
    Path path;
    TraceLog::Entry entry = log_.read(number);
    while (entry.parent != TraceLog::kNoParent) {
        path.steps.push_back(entry.ordinal);
        entry = log_.read(entry.parent);
    }
    path.initial = entry.ordinal;
    std::reverse(path.steps.begin(), path.steps.end());
    return path;
}

template <class Visited>
SearchResult LossySearch<Visited>::finish() {
    if (result_.verdict == Verdict::NoViolation && depth_cut_) stop(Limit::Depth);
    Statistics& stats = result_.stats;
    stats.states = log_.size();
    stats.seconds = limits_.elapsed();
    stats.peak_memory_bytes = peak_resident_bytes();
    stats.store_bytes = visited_.bytes();
    stats.omission = omission_of(visited_, stats.states);
    return std::move(result_);
}

} // namespace

SearchResult lossy_breadth_first_search(const TransitionSystem& system,
                                        const SearchOptions& options) {
    if (options.store == StoreKind::Bitstate) {
        BitStateSet bits(options.bitstate_log2_bits);
        return LossySearch<BitStateSet>(system, options, bits).run();
    }
    FingerprintSet fingerprints;
    return LossySearch<FingerprintSet>(system, options, fingerprints).run();
}

} // namespace shootdown::checker

#include "checker/engine.hpp"

#include <algorithm>
#include <utility>

#include <sys/resource.h>

#include "checker/path.hpp"

namespace shootdown::checker {

namespace {

std::uint64_t peak_resident_bytes() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024; // Linux reports KiB
}

std::uint32_t ordinal(std::size_t i) {
    return static_cast<std::uint32_t>(i);
}

} // namespace

Engine::Engine(const TransitionSystem& system, const SearchOptions& options)
    : system_(system), options_(options),
      store_(system.packed_bytes(),
             options.max_states == 0 ? StateStore::kMaxStates : options.max_states),
      successors_(system.state_bytes()), scratch_(system.state_bytes(), std::byte{0}) {}

Engine::Flow Engine::add_initial_states() {
    successors_.clear();
    system_.initial_states(successors_);
    for (std::size_t i = 0; i < successors_.size(); ++i) {
        // A violation while building an initial state (a failed assert in
        // the model's initialisation) is a step violation with no steps.
        if (successors_.violation(i) != kNoProperty) {
            return violation(ViolationKind::Step, successors_.violation(i), Path{ordinal(i), {}});
        }
        const std::byte* state = successors_.state(i);
        if (add(state, store_.hash(state), StateStore::kNoParent, 0) == Flow::Stop) {
            return Flow::Stop;
        }
    }
    return Flow::Continue;
}

Engine::Flow Engine::expand(std::uint32_t index, std::uint32_t depth) {
    std::copy_n(store_.state(index), store_.packed_bytes(), scratch_.data());
    const std::byte* state = scratch_.data();
    successors_.clear();
    system_.successors(state, successors_);
    if (successors_.empty()) {
        if (!system_.may_terminate(state)) {
            if (options_.check_deadlock) {
                return violation(ViolationKind::Deadlock, kNoProperty,
                                 path_to(system_, store_, index));
            }
        } else if (options_.on_terminal) {
            options_.on_terminal(state);
        }
        return Flow::Continue;
    }
    // The successors of a state at the bound are not explored (nor counted),
    // but their existence makes the search incomplete.
    if (at_depth_limit(depth)) {
        depth_cut_ = true;
        return Flow::Continue;
    }
    result_.stats.transitions += successors_.size();
    hashes_.resize(successors_.size());
    for (std::size_t i = 0; i < successors_.size(); ++i) {
        hashes_[i] = store_.hash(successors_.state(i));
        store_.prefetch(hashes_[i]);
    }
    for (std::size_t i = 0; i < successors_.size(); ++i) {
        if (successors_.violation(i) != kNoProperty) {
            Path path = path_to(system_, store_, index);
            path.steps.push_back(ordinal(i));
            return violation(ViolationKind::Step, successors_.violation(i), std::move(path));
        }
        if (add(successors_.state(i), hashes_[i], index, depth + 1) == Flow::Stop) {
            return Flow::Stop;
        }
    }
    return Flow::Continue;
}

Engine::Flow Engine::add(const std::byte* state, std::uint64_t hash, std::uint32_t parent,
                         std::uint32_t depth) {
    const StateStore::Insertion insertion = store_.insert(state, hash, parent);
    if (insertion.full) return stop(Limit::States);
    if (!insertion.inserted) return Flow::Continue;
    result_.stats.depth = std::max(result_.stats.depth, depth);
    const PropertyId broken = system_.check_state(state);
    if (broken != kNoProperty) {
        return violation(ViolationKind::Invariant, broken,
                         path_to(system_, store_, insertion.index));
    }
    return Flow::Continue;
}

Engine::Flow Engine::check_limits(std::uint64_t queued, std::uint64_t queue_bytes) {
    const std::uint64_t memory = store_.bytes() + queue_bytes;
    if (options_.max_memory_bytes != 0 && memory > options_.max_memory_bytes) {
        return stop(Limit::Memory);
    }
    if (!pacer_.tick()) return Flow::Continue;
    const double seconds = pacer_.read();
    if (options_.time_limit_seconds > 0 && seconds >= options_.time_limit_seconds) {
        return stop(Limit::Time);
    }
    if (options_.on_progress && seconds - last_progress_ >= options_.progress_interval_seconds) {
        last_progress_ = seconds;
        const Statistics& stats = result_.stats;
        options_.on_progress(
            Progress{store_.size(), stats.transitions, queued, stats.depth, seconds, memory});
    }
    return Flow::Continue;
}

Engine::Flow Engine::violation(ViolationKind kind, PropertyId property, Path path) {
    result_.verdict = Verdict::Violation;
    result_.counterexample = Counterexample{kind, property, std::move(path)};
    return Flow::Stop;
}

Engine::Flow Engine::stop(Limit limit) {
    result_.verdict = Verdict::Incomplete;
    result_.limit = limit;
    return Flow::Stop;
}

SearchResult Engine::finish() {
    if (result_.verdict == Verdict::NoViolation && depth_cut_) stop(Limit::Depth);
    Statistics& stats = result_.stats;
    stats.states = store_.size();
    stats.seconds = pacer_.elapsed();
    stats.peak_memory_bytes = peak_resident_bytes();
    stats.store_bytes = store_.bytes();
    return std::move(result_);
}

} // namespace shootdown::checker

#include "checker/engine.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "checker/resources.hpp"

namespace shootdown::checker {

namespace {

// Shortest first; among equals the lowest index, so the pick does not depend
// on which thread reported first.
bool better(const Finding& a, const Finding& b) {
    return std::tuple(a.length, a.index, a.step.value_or(0)) <
           std::tuple(b.length, b.index, b.step.value_or(0));
}

} // namespace

template <class Store>
Engine<Store>::Engine(const TransitionSystem& system, const SearchOptions& options,
                      bool finish_level)
    : system_(system), options_(options), finish_level_(finish_level),
      store_(Policy::make(system, options)), observer_(system.make_observer()),
      watchdog_(options, [this](Limit limit) { stop(limit); }) {}

template <class Store>
Flow Engine<Store>::add_initial_states() {
    Successors initial(system_.state_bytes());
    system_.initial_states(initial);
    for (std::size_t i = 0; i < initial.size(); ++i) {
        // A violation while building an initial state (a failed assert in
        // the model's initialisation) is a step violation with no steps.
        if (initial.violation(i) != kNoProperty) {
            const std::lock_guard<std::mutex> lock(events_);
            initial_violation_ = Counterexample{ViolationKind::Step, initial.violation(i),
                                                Path{static_cast<std::uint32_t>(i), {}}};
            stopped_ = true;
            return Flow::Stop;
        }
        const std::byte* state = initial.state(i);
        const auto insertion = store_.insert(state, store_.hash(state), Store::kNoParent,
                                             static_cast<std::uint32_t>(i));
        if (insertion.full) return stop(Limit::States);
        if (!insertion.inserted) continue;
        const PropertyId broken = system_.check_observed(state, observer_.get());
        if (broken != kNoProperty) {
            return violation({ViolationKind::Invariant, broken, insertion.index, {}, 0});
        }
    }
    return Flow::Continue;
}

template <class Store>
Flow Engine<Store>::violation(const Finding& finding) {
    const std::lock_guard<std::mutex> lock(events_);
    if (!finding_ || better(finding, *finding_)) finding_ = finding;
    found_ = true;
    if (finish_level_) {
        findings_.push_back(finding);
        return Flow::Continue;
    }
    stopped_ = true;
    return Flow::Stop;
}

template <class Store>
Flow Engine<Store>::stop(Limit limit) {
    const std::lock_guard<std::mutex> lock(events_);
    if (limit_ == Limit::None) limit_ = limit;
    stopped_ = true;
    return Flow::Stop;
}

template <class Store>
void Engine<Store>::terminal(const std::byte* state) {
    if (!options_.on_terminal) return;
    const std::lock_guard<std::mutex> lock(terminal_);
    options_.on_terminal(state);
}

template <class Store>
Flow Engine<Store>::check_limits(std::uint64_t queued, std::uint64_t queue_bytes,
                                 const Tally& so_far) {
    if (stopped()) return Flow::Stop; // the watchdog, or another thread
    const Limit limit = limits_.check(options_, store_.bytes() + queue_bytes, [&](double seconds) {
        return Progress{store_.size(), so_far.transitions, queued, so_far.depth, seconds, 0};
    });
    return limit == Limit::None ? Flow::Continue : stop(limit);
}

template <class Store>
SearchResult Engine<Store>::finish(std::span<const Tally> tallies,
                                   const std::function<std::uint64_t(const Finding&)>& sooner) {
    watchdog_.halt(); // the verdict below is final
    if (sooner && !findings_.empty())
        finding_ = *std::min_element(
            findings_.begin(), findings_.end(),
            [&](const Finding& a, const Finding& b) { return sooner(a) < sooner(b); });
    SearchResult result;
    Statistics& stats = result.stats;
    bool depth_cut = false;
    for (const Tally& tally : tallies) {
        stats.transitions += tally.transitions;
        stats.depth = std::max(stats.depth, tally.depth);
        depth_cut = depth_cut || tally.depth_cut;
    }
    if (initial_violation_) {
        result.verdict = Verdict::Violation;
        result.counterexample = std::move(initial_violation_);
    } else if (finding_) {
        result.verdict = Verdict::Violation;
        Path path = Policy::path(system_, store_, finding_->index);
        if (finding_->step) path.steps.push_back(*finding_->step);
        result.counterexample = Counterexample{finding_->kind, finding_->property, std::move(path)};
    } else if (limit_ != Limit::None || depth_cut) {
        result.verdict = Verdict::Incomplete;
        result.limit = limit_ != Limit::None ? limit_ : Limit::Depth;
    }
    stats.states = store_.size();
    stats.seconds = limits_.elapsed();
    stats.peak_memory_bytes = peak_resident_bytes();
    stats.store_bytes = Policy::stored_bytes(store_);
    stats.omission = Policy::omission(store_);
    return result;
}

template class Engine<StateStore>;
template class Engine<LossyStore<FingerprintSet>>;
template class Engine<LossyStore<BitStateSet>>;

} // namespace shootdown::checker

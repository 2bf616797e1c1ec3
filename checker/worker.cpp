#include "checker/worker.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <type_traits>

namespace shootdown::checker {

namespace {

// Adds to a counter only this thread writes: no locked instruction needed.
template <class T>
void add(std::atomic<T>& counter, T amount) {
    counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
}

} // namespace

template <class Store>
Worker<Store>::Worker(Engine<Store>& engine, std::shared_mutex* growth, LevelOrder* order)
    : engine_(engine), system_(engine.system()), store_(engine.store()), growth_(growth),
      order_(order), observer_(engine.system().make_observer()),
      successors_(kBatch, Successors(engine.system().state_bytes())),
      sources_(kBatch * engine.system().state_bytes(), std::byte{0}), first_hash_(kBatch + 1) {
    if (growth_ != nullptr)
        shared_ = std::shared_lock<std::shared_mutex>(*growth_, std::defer_lock);
    for (Successors& out : successors_)
        out.watch(&engine.stop_flag());
}

template <class Store>
Tally Worker<Store>::tally() const {
    return {transitions_.load(std::memory_order_relaxed), depth_.load(std::memory_order_relaxed),
            depth_cut_.load(std::memory_order_relaxed)};
}

template <class Store>
Flow Worker<Store>::expand(std::span<const Source> sources, std::uint64_t horizon) {
    horizon_ = horizon;
    if (growth_ != nullptr) shared_.lock();
    Flow flow = Flow::Continue;
    try {
        generate(sources);
        // A stop during generation may have cut some successors short.
        if (engine_.stopped()) flow = Flow::Stop;
        for (std::size_t i = 0; i < sources.size() && flow == Flow::Continue; ++i) {
            flow = process(i, sources[i], hashes_.data() + first_hash_[i]);
        }
    } catch (const std::bad_alloc&) {
        // The machine's memory, not a bug: report what was explored.
        flow = engine_.stop(Limit::OutOfMemory);
    } catch (...) {
        if (shared_.owns_lock()) shared_.unlock(); // or a thread waiting to grow waits forever
        throw;
    }
    if (shared_.owns_lock()) shared_.unlock(); // not owned if a failed growth threw
    return flow;
}

template <class Store>
void Worker<Store>::generate(std::span<const Source> sources) {
    const std::size_t full = system_.state_bytes();
    const std::size_t packed = store_.packed_bytes();
    hashes_.clear();
    for (std::size_t i = 0; i < sources.size(); ++i) {
        std::byte* source = sources_.data() + i * full;
        std::memcpy(source, store_.state(sources[i].index), packed);
        successors_[i].clear();
        system_.successors(source, successors_[i]);
        first_hash_[i] = hashes_.size();
        for (std::size_t j = 0; j < successors_[i].size(); ++j) {
            hashes_.push_back(store_.hash(successors_[i].state(j)));
            store_.prefetch(hashes_.back());
        }
    }
}

template <class Store>
Flow Worker<Store>::process(std::size_t slot, const Source& source, const std::uint64_t* hashes) {
    const Successors& out = successors_[slot];
    if (out.empty()) {
        const std::byte* state = sources_.data() + slot * system_.state_bytes();
        if (system_.may_terminate(state)) {
            engine_.terminal(state);
        } else if (engine_.options().check_deadlock) {
            return engine_.violation(
                {ViolationKind::Deadlock, kNoProperty, source.index, {}, source.depth});
        }
        return Flow::Continue;
    }
    // The successors of a state at the bound are not explored (nor counted),
    // but their existence makes the search incomplete.
    if (engine_.at_depth_limit(source.depth)) {
        depth_cut_.store(true, std::memory_order_relaxed);
        return Flow::Continue;
    }
    const std::uint64_t mask = steps(sources_.data() + slot * system_.state_bytes(), out);
    std::uint64_t explored = 0;
    for (std::size_t i = 0; i < out.size(); ++i)
        explored += kept(out, i, mask) ? 1 : 0;
    add<std::uint64_t>(transitions_, explored);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!kept(out, i, mask)) continue;
        const auto ordinal = static_cast<std::uint32_t>(i);
        if (out.violation(i) != kNoProperty) {
            if (engine_.violation({ViolationKind::Step, out.violation(i), source.index, ordinal,
                                   source.depth + 1}) == Flow::Stop) {
                return Flow::Stop;
            }
            continue; // never stored: the search ends with this level
        }
        if (store(out.state(i), hashes[i], source, ordinal) == Flow::Stop) return Flow::Stop;
    }
    return Flow::Continue;
}

// Partial-order reduction asks the visited set, so only the exact store
// offers it; the lossy ones expand every state fully.
template <class Store>
std::uint64_t Worker<Store>::steps(const std::byte* state, const Successors& out) const {
    if constexpr (StorePolicy<Store>::kExact) {
        if (engine_.options().partial_order_reduction)
            return ample_steps(system_, state, out, store_, horizon_);
    }
    (void)state;
    return TransitionSystem::kAllSteps;
}

template <class Store>
Flow Worker<Store>::store(const std::byte* state, std::uint64_t hash, const Source& source,
                          std::uint32_t ordinal) {
    const StateStore::Insertion insertion = insert(state, hash, source.index, ordinal);
    if (insertion.full) return engine_.stop(Limit::States);
    if (order_ != nullptr) order_->offer(insertion.index, source.index, ordinal);
    if (!insertion.inserted) return Flow::Continue;
    const std::uint32_t depth = source.depth + 1;
    if (depth > depth_.load(std::memory_order_relaxed))
        depth_.store(depth, std::memory_order_relaxed);
    const PropertyId broken = system_.check_observed(state, observer_.get());
    if (broken != kNoProperty) {
        return engine_.violation({ViolationKind::Invariant, broken, insertion.index, {}, depth});
    }
    return Flow::Continue;
}

// Several workers: the table is grown when no batch is running, by whichever
// worker finds it crowded first; the others find it grown and go on.
template <class Store>
StateStore::Insertion Worker<Store>::insert(const std::byte* state, std::uint64_t hash,
                                            std::uint32_t parent, std::uint32_t ordinal) {
    if constexpr (std::is_same_v<Store, StateStore>) {
        if (growth_ != nullptr) {
            for (;;) {
                const StateStore::Insertion insertion = store_.insert_shared(state, hash, parent);
                if (!insertion.crowded) return insertion;
                shared_.unlock();
                {
                    const std::unique_lock<std::shared_mutex> exclusive(*growth_);
                    store_.grow();
                }
                shared_.lock();
            }
        }
    }
    return store_.insert(state, hash, parent, ordinal);
}

template class Worker<StateStore>;
template class Worker<LossyStore<FingerprintSet>>;
template class Worker<LossyStore<BitStateSet>>;

} // namespace shootdown::checker

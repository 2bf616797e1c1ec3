#include "checker/worker.hpp"

#include "checker/ample.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace shootdown::checker {

namespace {

// Adds to a counter only this thread writes: no locked instruction needed.
template <class T>
void add(std::atomic<T>& counter, T amount) {
    counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
}

} // namespace

Worker::Worker(Engine& engine, std::shared_mutex* growth)
    : engine_(engine), system_(engine.system()), store_(engine.store()), growth_(growth),
      successors_(kBatch, Successors(engine.system().state_bytes())),
      sources_(kBatch * engine.system().state_bytes(), std::byte{0}), first_hash_(kBatch + 1) {
    if (growth_ != nullptr)
        shared_ = std::shared_lock<std::shared_mutex>(*growth_, std::defer_lock);
}

Tally Worker::tally() const {
    return {transitions_.load(std::memory_order_relaxed), depth_.load(std::memory_order_relaxed),
            depth_cut_.load(std::memory_order_relaxed)};
}

Engine::Flow Worker::expand(std::span<const Source> sources) {
    if (growth_ != nullptr) shared_.lock();
    Engine::Flow flow = Engine::Flow::Continue;
    try {
        generate(sources);
        for (std::size_t i = 0; i < sources.size() && flow == Engine::Flow::Continue; ++i) {
            flow = process(i, sources[i], hashes_.data() + first_hash_[i]);
        }
    } catch (...) {
        if (shared_.owns_lock()) shared_.unlock(); // or a thread waiting to grow waits forever
        throw;
    }
    if (growth_ != nullptr) shared_.unlock();
    return flow;
}

void Worker::generate(std::span<const Source> sources) {
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

Engine::Flow Worker::process(std::size_t slot, const Source& source, const std::uint64_t* hashes) {
    const Successors& out = successors_[slot];
    if (out.empty()) {
        const std::byte* state = sources_.data() + slot * system_.state_bytes();
        if (system_.may_terminate(state)) {
            engine_.terminal(state);
        } else if (engine_.options().check_deadlock) {
            return engine_.violation(
                {ViolationKind::Deadlock, kNoProperty, source.index, {}, source.depth});
        }
        return Engine::Flow::Continue;
    }
    // The successors of a state at the bound are not explored (nor counted),
    // but their existence makes the search incomplete.
    if (engine_.at_depth_limit(source.depth)) {
        depth_cut_.store(true, std::memory_order_relaxed);
        return Engine::Flow::Continue;
    }
    const StepRange steps = engine_.options().partial_order_reduction ? ample_steps(out, store_)
                                                                      : StepRange{0, out.size()};
    add<std::uint64_t>(transitions_, steps.end - steps.begin);
    for (std::size_t i = steps.begin; i < steps.end; ++i) {
        const auto ordinal = static_cast<std::uint32_t>(i);
        if (out.violation(i) != kNoProperty) {
            if (engine_.violation({ViolationKind::Step, out.violation(i), source.index, ordinal,
                                   source.depth + 1}) == Engine::Flow::Stop) {
                return Engine::Flow::Stop;
            }
            continue; // never stored: the search ends with this level
        }
        if (store(out.state(i), hashes[i], source) == Engine::Flow::Stop) {
            return Engine::Flow::Stop;
        }
    }
    return Engine::Flow::Continue;
}

Engine::Flow Worker::store(const std::byte* state, std::uint64_t hash, const Source& source) {
    const StateStore::Insertion insertion = insert(state, hash, source.index);
    if (insertion.full) return engine_.stop(Limit::States);
    if (!insertion.inserted) return Engine::Flow::Continue;
    const std::uint32_t depth = source.depth + 1;
    if (depth > depth_.load(std::memory_order_relaxed))
        depth_.store(depth, std::memory_order_relaxed);
    const PropertyId broken = system_.check_state(state);
    if (broken != kNoProperty) {
        return engine_.violation({ViolationKind::Invariant, broken, insertion.index, {}, depth});
    }
    return Engine::Flow::Continue;
}

// Several workers: the table is grown when no batch is running, by whichever
// worker finds it crowded first; the others find it grown and go on.
StateStore::Insertion Worker::insert(const std::byte* state, std::uint64_t hash,
                                     std::uint32_t parent) {
    if (growth_ == nullptr) return store_.insert(state, hash, parent);
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

} // namespace shootdown::checker

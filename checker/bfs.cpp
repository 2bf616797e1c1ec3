// Breadth-first search on one thread, over any store. The store hands out
// indices in discovery order (the exact store's arena doubles as the queue;
// a lossy store numbers the states of its packed levels the same way), so
// expanding them by increasing index visits them level by level. Every state
// is checked when first stored, hence the first invariant or step violation
// found has a shortest path. States are expanded in batches (see worker.hpp)
// that never cross a level.
#include <algorithm>
#include <array>

#include "checker/worker.hpp"

namespace shootdown::checker {

namespace {

template <class Store>
SearchResult search_levels(const TransitionSystem& system, const SearchOptions& options) {
    using Policy = StorePolicy<Store>;
    Engine<Store> engine(system, options);
    Worker<Store> worker(engine);
    Store& store = engine.store();
    std::array<Source, Worker<Store>::kBatch> batch{};
    std::uint32_t depth = 0;
    std::uint64_t level_end = 0; // first index of the next level
    if (engine.add_initial_states() == Flow::Continue) {
        level_end = store.size();
        Policy::begin_level(store);
    }
    for (std::uint64_t next = 0; next < level_end;) {
        if (engine.check_limits(store.size() - next, 0, worker.tally()) == Flow::Stop) break;
        const std::uint64_t end = std::min<std::uint64_t>(next + batch.size(), level_end);
        std::size_t count = 0;
        for (; next < end; ++next)
            batch[count++] = {static_cast<std::uint32_t>(next), depth};
        if (worker.expand({batch.data(), count}, level_end) == Flow::Stop) break;
        if (next == level_end) {
            ++depth;
            level_end = store.size();
            Policy::begin_level(store);
        }
    }
    const Tally tally = worker.tally();
    return engine.finish({&tally, 1});
}

} // namespace

SearchResult breadth_first_search(const TransitionSystem& system, const SearchOptions& options) {
    switch (options.store) {
    case StoreKind::HashCompact:
        return search_levels<LossyStore<FingerprintSet>>(system, options);
    case StoreKind::Bitstate:
        return search_levels<LossyStore<BitStateSet>>(system, options);
    case StoreKind::Exact:
        break;
    }
    return search_levels<StateStore>(system, options);
}

} // namespace shootdown::checker

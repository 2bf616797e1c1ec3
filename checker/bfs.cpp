// Breadth-first search on one thread. The store's arena doubles as the queue:
// states are appended in discovery order, so expanding them by increasing
// index visits them level by level. Every state is checked when first stored,
// hence the first invariant or step violation found has a shortest path.
// States are expanded in batches (see worker.hpp) that never cross a level.
#include <algorithm>
#include <array>

#include "checker/worker.hpp"

namespace shootdown::checker {

SearchResult breadth_first_search(const TransitionSystem& system, const SearchOptions& options) {
    Engine engine(system, options);
    Worker worker(engine);
    const StateStore& store = engine.store();
    std::array<Source, Worker::kBatch> batch{};
    std::uint32_t depth = 0;
    std::uint64_t level_end = 0; // first index of the next level
    if (engine.add_initial_states() == Engine::Flow::Continue) level_end = store.size();
    for (std::uint64_t next = 0; next < level_end;) {
        if (engine.check_limits(store.size() - next, 0, worker.tally()) == Engine::Flow::Stop) {
            break;
        }
        const std::uint64_t end = std::min<std::uint64_t>(next + Worker::kBatch, level_end);
        std::size_t count = 0;
        for (; next < end; ++next)
            batch[count++] = {static_cast<std::uint32_t>(next), depth};
        if (worker.expand({batch.data(), count}) == Engine::Flow::Stop) break;
        if (next == level_end) {
            ++depth;
            level_end = store.size();
        }
    }
    const Tally tally = worker.tally();
    return engine.finish({&tally, 1});
}

} // namespace shootdown::checker

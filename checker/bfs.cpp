// Breadth-first search. The store's arena doubles as the queue: states are
// appended in discovery order, so expanding them by increasing index visits
// them level by level. Every state is checked when first stored, hence the
// first invariant or step violation found has a shortest path.
#include "checker/engine.hpp"

namespace shootdown::checker {

SearchResult breadth_first_search(const TransitionSystem& system, const SearchOptions& options) {
    Engine engine(system, options);
    if (engine.add_initial_states() == Engine::Flow::Stop) return engine.finish();
    const StateStore& store = engine.store();
    std::uint32_t depth = 0;
    std::uint64_t level_end = store.size(); // first index of the next level
    for (std::uint64_t next = 0; next < store.size(); ++next) {
        if (next == level_end) {
            ++depth;
            level_end = store.size();
        }
        if (engine.check_limits(store.size() - next, 0) == Engine::Flow::Stop ||
            engine.expand(static_cast<std::uint32_t>(next), depth) == Engine::Flow::Stop) {
            break;
        }
    }
    return engine.finish();
}

} // namespace shootdown::checker

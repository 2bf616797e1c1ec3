#include "checker/search.hpp"

#include "checker/engine.hpp"

namespace shootdown::checker {

SearchResult search(const TransitionSystem& system, const SearchOptions& options) {
    switch (options.strategy) {
    case Strategy::Bfs:
        return breadth_first_search(system, options);
    case Strategy::Dfs:
        return depth_first_search(system, options);
    }
    return breadth_first_search(system, options); // unreachable for valid strategies
}

} // namespace shootdown::checker

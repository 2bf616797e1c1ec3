// Breadth-first search over a lossy visited set (SearchOptions::store is
// HashCompact or Bitstate). One thread. Internal to the checker library.
#pragma once

#include "checker/search.hpp"

namespace shootdown::checker {

SearchResult lossy_breadth_first_search(const TransitionSystem& system,
                                        const SearchOptions& options);

} // namespace shootdown::checker

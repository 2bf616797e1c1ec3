#include "checker/search.hpp"

#include <algorithm>
#include <new>
#include <thread>

#include "checker/engine.hpp"
#include "checker/resources.hpp"

namespace shootdown::checker {

namespace {

// More threads than this would only contend; the store also relies on a
// bound (each thread may claim one state past the table's growth point).
constexpr unsigned kMaxThreads = 256;

unsigned worker_threads(unsigned requested) {
    if (requested == 0) requested = std::max(1u, std::thread::hardware_concurrency());
    return std::min(requested, kMaxThreads);
}

SearchResult run_strategy(const TransitionSystem& system, const SearchOptions& options) {
    // The lossy stores search breadth-first on one thread.
    if (options.store != StoreKind::Exact) return breadth_first_search(system, options);
    switch (options.strategy) {
    case Strategy::Bfs: {
        const unsigned threads = worker_threads(options.threads);
        if (threads == 1) return breadth_first_search(system, options);
        return parallel_breadth_first_search(system, options, threads);
    }
    case Strategy::Dfs:
        return depth_first_search(system, options);
    }
    return breadth_first_search(system, options); // unreachable for valid strategies
}

} // namespace

SearchResult search(const TransitionSystem& system, const SearchOptions& options) {
    try {
        return run_strategy(system, options);
    } catch (const std::bad_alloc&) {
        // Before the first state (a bit array larger than the machine, say):
        // nothing explored. Out of memory later is reported by the workers.
        SearchResult result;
        result.verdict = Verdict::Incomplete;
        result.limit = Limit::OutOfMemory;
        result.stats.peak_memory_bytes = peak_resident_bytes();
        return result;
    }
}

} // namespace shootdown::checker

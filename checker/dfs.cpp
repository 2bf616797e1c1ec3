// Depth-first search with an explicit stack of states still to expand. A
// state is stored and checked when first generated (as in BFS) and pushed;
// the most recently pushed state is expanded next. It explores the same
// states and transitions as BFS, but its counterexamples need not be
// shortest, and with max_depth a state first reached by a long path is not
// expanded even if a shorter path to it exists. Always one thread.
#include <vector>

#include "checker/worker.hpp"

namespace shootdown::checker {

namespace {

// Pushes the states stored since `first` so that the lowest ordinal is on top
// and is expanded first.
void push_new_states(std::vector<Source>& stack, std::uint64_t first, std::uint64_t end,
                     std::uint32_t depth) {
    for (std::uint64_t index = end; index > first; --index) {
        stack.push_back({static_cast<std::uint32_t>(index - 1), depth});
    }
}

} // namespace

SearchResult depth_first_search(const TransitionSystem& system, const SearchOptions& options) {
    Engine<StateStore> engine(system, options);
    Worker<StateStore> worker(engine);
    const StateStore& store = engine.store();
    std::vector<Source> stack;
    if (engine.add_initial_states() == Flow::Continue) push_new_states(stack, 0, store.size(), 0);
    while (!stack.empty()) {
        if (engine.check_limits(stack.size(), stack.capacity() * sizeof(Source), worker.tally()) ==
            Flow::Stop) {
            break;
        }
        const Source top = stack.back();
        stack.pop_back();
        const std::uint64_t first = store.size();
        if (worker.expand({&top, 1}) == Flow::Stop) break;
        push_new_states(stack, first, store.size(), top.depth + 1);
    }
    const Tally tally = worker.tally();
    return engine.finish({&tally, 1});
}

} // namespace shootdown::checker

// Depth-first search with an explicit stack of states still to expand. A
// state is stored and checked when first generated (as in BFS) and pushed;
// the most recently pushed state is expanded next. It explores the same
// states and transitions as BFS, but its counterexamples need not be
// shortest, and with max_depth a state first reached by a long path is not
// expanded even if a shorter path to it exists.
#include <vector>

#include "checker/engine.hpp"

namespace shootdown::checker {

namespace {

struct Pending {
    std::uint32_t index;
    std::uint32_t depth; // along the path that discovered the state
};

// Pushes the states stored since `first` so that the lowest ordinal is on top
// and is expanded first.
void push_new_states(std::vector<Pending>& stack, std::uint64_t first, std::uint64_t end,
                     std::uint32_t depth) {
    for (std::uint64_t index = end; index > first; --index) {
        stack.push_back({static_cast<std::uint32_t>(index - 1), depth});
    }
}

} // namespace

SearchResult depth_first_search(const TransitionSystem& system, const SearchOptions& options) {
    Engine engine(system, options);
    if (engine.add_initial_states() == Engine::Flow::Stop) return engine.finish();
    const StateStore& store = engine.store();
    std::vector<Pending> stack;
    push_new_states(stack, 0, store.size(), 0);
    while (!stack.empty()) {
        if (engine.check_limits(stack.size(), stack.capacity() * sizeof(Pending)) ==
            Engine::Flow::Stop) {
            break;
        }
        const Pending top = stack.back();
        stack.pop_back();
        const std::uint64_t first = store.size();
        if (engine.expand(top.index, top.depth) == Engine::Flow::Stop) break;
        push_new_states(stack, first, store.size(), top.depth + 1);
    }
    return engine.finish();
}

} // namespace shootdown::checker

#include "checker/path.hpp"

#include <algorithm>
#include <stdexcept>

namespace shootdown::checker {

Path path_to(const StateStore& store, std::uint32_t index) {
    Path path;
    StateStore::Link link = store.link(index);
    while (link.parent != StateStore::kNoParent) {
        path.steps.push_back(link.ordinal);
        link = store.link(link.parent);
    }
    path.initial = link.ordinal;
    std::reverse(path.steps.begin(), path.steps.end());
    return path;
}

namespace {

std::vector<std::byte> pick(const Successors& choices, std::uint32_t ordinal) {
    if (ordinal >= choices.size()) throw std::out_of_range("path names a missing successor");
    const std::byte* state = choices.state(ordinal);
    return {state, state + choices.state_bytes()};
}

} // namespace

std::vector<std::vector<std::byte>> replay(const TransitionSystem& system, const Path& path) {
    Successors choices(system.state_bytes());
    system.initial_states(choices);
    std::vector<std::vector<std::byte>> states;
    states.reserve(path.steps.size() + 1);
    states.push_back(pick(choices, path.initial));
    for (const std::uint32_t ordinal : path.steps) {
        choices.clear();
        system.successors(states.back().data(), choices);
        states.push_back(pick(choices, ordinal));
    }
    return states;
}

} // namespace shootdown::checker

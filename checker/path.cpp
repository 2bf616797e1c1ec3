#include "checker/path.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace shootdown::checker {

namespace {

// The ordinal of the first non-violating choice whose packed bytes are `target`.
std::uint32_t ordinal_of(const Successors& choices, const std::byte* target, std::size_t packed) {
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (choices.violation(i) == kNoProperty &&
            std::memcmp(choices.state(i), target, packed) == 0) {
            return static_cast<std::uint32_t>(i);
        }
    }
    throw std::logic_error("a stored state is not a successor of its parent");
}

} // namespace

Path path_to(const TransitionSystem& system, const StateStore& store, std::uint32_t index) {
    std::vector<std::uint32_t> chain{index}; // the state, its parent, ..., an initial state
    while (store.parent(chain.back()) != StateStore::kNoParent)
        chain.push_back(store.parent(chain.back()));
    const std::size_t packed = store.packed_bytes();
    Successors choices(system.state_bytes());
    system.initial_states(choices);
    Path path;
    path.initial = ordinal_of(choices, store.state(chain.back()), packed);
    std::vector<std::byte> parent(system.state_bytes(), std::byte{0}); // zero padding
    for (std::size_t i = chain.size() - 1; i > 0; --i) {
        std::memcpy(parent.data(), store.state(chain[i]), packed);
        choices.clear();
        system.successors(parent.data(), choices);
        path.steps.push_back(ordinal_of(choices, store.state(chain[i - 1]), packed));
    }
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

// Test helpers: a model loaded with its Machine and Symmetry, the reachable
// states by plain BFS, and orbit counts by brute force over the whole group.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/frontend.hpp"
#include "model/machine/machine.hpp"
#include "model/reduce/symmetry.hpp"

namespace shootdown::tests {

using State = std::vector<std::byte>;

struct Loaded {
    LoadResult result;
    std::unique_ptr<machine::Machine> machine;
    machine::SymmetryCheck check;
    std::unique_ptr<machine::Symmetry> symmetry;
};

std::unique_ptr<Loaded> load_file(const std::string& path, const LoadOptions& options);
std::unique_ptr<Loaded> load_text(const std::string& text, const LoadOptions& options = {});

// Every reachable state of the unreduced machine (steps that violate a
// property lead nowhere, as in the search).
std::vector<State> reachable(const machine::Machine& m);

// The number of orbits of `states` under every renaming: each state's key
// is its least image over the whole group.
std::size_t brute_force_orbits(const machine::Symmetry& s, const std::vector<State>& states);

State canonical(const machine::Symmetry& s, const State& state);

} // namespace shootdown::tests

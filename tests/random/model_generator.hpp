// A generator of small random models for soundness tests: from a 64-bit seed,
// the text of a valid .sd model (2-3 CPUs, a few variables, a process with
// most statement kinds, maybe an IPI handler and a hardware action, and
// invariants that some models violate) and the options to load it with.
// Every fifth seed has TSO, an IPI handler and a hardware action, to stress
// partial-order reduction's dependencies (drains, takes, hardware).
// The same seed gives the same model on every platform.
#pragma once

#include <cstdint>
#include <string>

#include "model/frontend.hpp"

namespace shootdown::random_models {

struct GeneratedModel {
    std::uint64_t seed = 0;
    std::string text;
    int cpus = 2;
    int ids = 0; // size of the scalarset `id`; 0: the model has none
    // The CPUs and the scalarset are interchangeable: no constant of either
    // type, no ordering, CPU code written with this_cpu and quantifiers, and
    // an initial state that every permutation leaves unchanged. A symmetry
    // reduction must give the verdict of the plain search on these.
    bool symmetric = true;
    bool tso = false;
    std::uint32_t store_buffer = 1;
    std::string variant; // empty: the first declared (or none)
    // A counter may overflow its range (a `value in range` violation).
    bool counter_may_overflow = false;
    // Some atomic block needs to drain its own stores midway: under TSO it
    // never runs (a known checker problem), so the verdicts under different
    // memory models are not comparable.
    bool atomic_may_stall = false;

    [[nodiscard]] LoadOptions load_options() const;
    // The number of permutations of CPUs and scalarset values (N! * K!).
    [[nodiscard]] std::uint64_t symmetry_group_size() const;
};

GeneratedModel generate_model(std::uint64_t seed);

} // namespace shootdown::random_models

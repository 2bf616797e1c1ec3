// Partial-order reduction: a system that is another one (the Machine, or
// the Machine under --self-check) plus, for each state, a persistent
// (stubborn) set of its steps computed from PorFootprints. The search
// explores only those, adding the cycle proviso (checker/worker.cpp).
//
// A state's steps are grouped into transitions, one per CPU and kind
// (Successors::group, set by the step generators, StepGroups): the CPU's
// current statement, taking an IPI from each sender, each hardware action,
// the store-buffer drain. From each enabled transition as a seed the set is
// closed under: an enabled member pulls every transition whose future it
// conflicts with; a disabled member pulls a necessary enabling set; a
// visible member pulls every transition that may be visible. The smallest
// closure wins. docs/por.md gives the rules and why they are sound.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "checker/transition_system.hpp"
#include "model/machine/machine.hpp"
#include "model/reduce/por_footprints.hpp"

namespace shootdown::reduce {

// What --por-stats reports: over the states where more than one transition
// was enabled, how many were enabled and how many the persistent sets kept.
struct PorCounts {
    std::uint64_t states = 0, enabled = 0, chosen = 0, reduced = 0;
    // Per object, how often it made two CPUs' transitions of a chosen set
    // conflict; most frequent first.
    std::vector<std::pair<std::string, std::uint64_t>> conflicts;
};

class PartialOrderSystem final : public checker::ForwardingSystem {
public:
    PartialOrderSystem(const checker::TransitionSystem& inner, const machine::Machine& machine);

    [[nodiscard]] std::size_t persistent_sets(const std::byte* state,
                                              const checker::Successors& out,
                                              std::span<std::uint64_t> candidates) const override;

    // False if the model is beyond the reduction (the search is then full).
    [[nodiscard]] bool active() const { return usable_; }
    // --por-stats: count from now on (it costs an atomic add per state).
    void count_sets() { counting_ = true; }
    [[nodiscard]] PorCounts counts() const;

private:
    struct Item;
    [[nodiscard]] bool describe_items(const std::byte* state, Item* items) const;
    void add_buffer(const std::byte* state, std::uint32_t cpu, Access& a, bool head_only) const;
    [[nodiscard]] std::uint64_t pulls(const Item* items, std::uint32_t t) const;
    [[nodiscard]] std::uint64_t enabling_set(const Item* items, std::uint32_t t) const;
    [[nodiscard]] std::uint64_t closure(const std::uint64_t* pull, std::uint32_t seed) const;
    std::size_t candidate_sets(const std::uint64_t* pull, std::uint64_t enabled,
                               std::span<std::uint64_t> out) const;
    void count(const Item* items, std::uint64_t enabled, std::uint64_t chosen) const;

    const machine::Machine& machine_;
    PorFootprints footprints_;
    std::uint32_t cpus_, per_cpu_, items_;
    bool usable_;
    bool counting_ = false;
    // Statistics only: relaxed atomics, several search threads add to them.
    mutable std::atomic<std::uint64_t> states_{0}, enabled_{0}, chosen_{0}, reduced_{0};
    mutable std::array<std::atomic<std::uint64_t>, kMaxObjects> conflicts_{};
};

} // namespace shootdown::reduce

// Checks of the Machine beyond its verdicts, run on the states of random
// models: successor generation is deterministic, the bytes past
// packed_bytes() stay zero, describe() (the trace recorder's path through
// the interpreter) agrees with successors(), and a counterexample survives
// rendering to text and a JSON round trip with replay.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checker/search.hpp"
#include "model/machine/machine.hpp"
#include "tests/random/model_generator.hpp"

namespace shootdown::random_models {

// What is wrong with `machine` at `state`; `describe_steps` also re-runs
// every step with the recorder (slow: quadratic in the successors).
std::optional<std::string> check_state_bytes(const machine::Machine& machine,
                                             const std::byte* state, bool describe_steps);

// What goes wrong rendering `c` and replaying it from its JSON form.
std::optional<std::string> check_trace(const machine::Machine& machine,
                                       const checker::Counterexample& c,
                                       const GeneratedModel& model);

// A necessary condition of symmetry in a type T (the CPUs, or a
// scalarset): if the reachable states are closed under permutations of T,
// then over all of them each value of T has every "view" equally often. The
// view of a value is its elements of the variables indexed by T whose values
// hold no T (and, for CPUs, its program counters and in-handler flag). Fails
// if a model the generator calls symmetric is not, or if the Machine treats
// some CPU differently.
class SymmetryCheck {
public:
    // `type` names the scalarset ("id"), or is empty for the CPUs.
    SymmetryCheck(const machine::Machine& machine, const std::string& type);
    void add(const std::byte* state);
    // After every reachable state was added: what breaks the symmetry.
    [[nodiscard]] std::optional<std::string> problem() const;

private:
    struct Slice {
        std::uint32_t variable, dimension;
    };
    std::string view(const std::byte* state, std::uint32_t value) const;
    void append_slice(std::string& key, const std::byte* state, const Slice& slice,
                      std::uint32_t value) const;

    const machine::Machine& machine_;
    bool cpus_ = true;
    std::uint32_t size_ = 0;
    std::vector<Slice> slices_;
    std::vector<std::map<std::string, std::uint64_t>> counts_; // per value: view -> states
};

} // namespace shootdown::random_models

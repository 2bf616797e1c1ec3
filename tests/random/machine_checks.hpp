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

// A necessary condition of CPU symmetry: if the reachable states are closed
// under permutations of the CPUs, then over all of them each CPU's view
// (its program counters, whether it is in a handler, and its elements of the
// per_cpu variables that hold no CPU identity) takes every value equally
// often. Fails if the generator's `symmetric` models are not, or if the
// Machine treats some CPU differently.
class CpuSymmetryCheck {
public:
    explicit CpuSymmetryCheck(const machine::Machine& machine);
    void add(const std::byte* state);
    // After every reachable state was added: what breaks the symmetry.
    [[nodiscard]] std::optional<std::string> problem() const;

private:
    std::string view(const std::byte* state, std::uint32_t cpu) const;

    const machine::Machine& machine_;
    std::uint32_t cpus_ = 0;
    std::vector<std::uint32_t> variables_; // per_cpu, no CPU identities in the values
    std::vector<std::map<std::string, std::uint64_t>> counts_; // per CPU: view -> states
};

} // namespace shootdown::random_models

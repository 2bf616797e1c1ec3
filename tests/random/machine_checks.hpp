// Checks of the Machine beyond its verdicts, run on the states of random
// models: successor generation is deterministic, the bytes past
// packed_bytes() stay zero, describe() (the trace recorder's path through
// the interpreter) agrees with successors(), and a counterexample survives
// rendering to text and a JSON round trip with replay.
#pragma once

#include <optional>
#include <string>

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

} // namespace shootdown::random_models

// A metamorphic check across memory models: SC's executions are x86-TSO's
// with every store drained at once, and a TSO store buffer of N entries
// allows every execution of one of N - 1 entries. So an invariant or assert
// violation under a stronger model (SC < TSO/1 < TSO/2 < TSO/3) means a
// violation under every weaker one, on the same model text. (Deadlocks do
// not carry over: a fence is no step under SC.)
#pragma once

#include <string>
#include <vector>

#include "tests/random/model_generator.hpp"
#include "tests/random/soundness.hpp"

namespace shootdown::random_models {

// Runs the model under one stronger and one weaker memory model than the
// reference's (where they exist) and reports verdicts that contradict it.
std::vector<std::string> check_memory_models(const GeneratedModel& model, const Run& reference,
                                             std::uint64_t max_states);

} // namespace shootdown::random_models

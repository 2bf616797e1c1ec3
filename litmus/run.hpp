// Runs a translated litmus test: an exhaustive search of the model whose
// terminal states (every thread finished, every store buffer drained) are
// the test's final states.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/search.hpp"
#include "model/ir/program.hpp"
#include "model/litmus/ast.hpp"
#include "model/litmus/translate.hpp"

namespace shootdown::litmus {

// One line of the final states: terminal states that agree on every shown
// location.
struct FinalState {
    std::vector<std::int64_t> values; // of Outcome::shown, in order
    bool satisfies = false;           // the condition's proposition holds
    std::uint64_t count = 0;          // distinct terminal states with these values
};

struct Outcome {
    ir::MemoryModel memory = ir::MemoryModel::TSO;
    std::uint32_t store_buffer = 0; // TSO entries per CPU
    std::vector<LocRef> shown;      // `locations` and the condition's, registers first
    std::vector<FinalState> states; // sorted by value
    std::uint64_t positive = 0;     // terminal states past the filter where it holds
    std::uint64_t negative = 0;     // ... where it does not
    std::uint64_t filtered_out = 0; // terminal states the filter dropped
    checker::Statistics stats;
};

// Throws std::logic_error if the generated model does not load or breaks a
// run-time check: both are bugs in the translation, not in the test.
Outcome run(const Test& test, const Translation& translation, ir::MemoryModel memory);

} // namespace shootdown::litmus

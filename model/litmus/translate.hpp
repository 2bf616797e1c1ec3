// Lowers a litmus test to .sd model text, the same language as the other
// models, so the same Program and machine run it (docs/litmus.md):
//   - thread Pn is CPU n: the one `process` branches on this_cpu;
//   - shared variable x is `shared int<lo..hi> m_x`, one range for all, wide
//     enough for every value the test can produce;
//   - register r of Pn is the ghost `Pn_r`, written in the same step as the
//     access it comes from, so registers never add steps;
//   - each primitive becomes the .sd builtin with the same x86 meaning
//     (primitives.hpp).
// Constructs the model cannot express faithfully (RCU, pointer values) are
// errors, never approximated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/lang/diagnostics.hpp"
#include "model/lang/source.hpp"
#include "model/litmus/ast.hpp"

namespace shootdown::litmus {

struct Translation {
    std::string model; // .sd source text
    std::uint32_t threads = 1;
    std::uint32_t store_buffer = 1;     // TSO entries per CPU: as many as a thread's stores
    std::int64_t lo = 0, hi = 1;        // the range of every location and register
    std::vector<std::string> locations; // memory locations, by name
};

// The .sd variable that holds a location or register: `m_x`, `P0_r0`.
std::string model_variable(const LocRef& location);

// nullopt if the test uses something unsupported or names something unknown
// (every such use is reported in `diagnostics`).
std::optional<Translation> translate(const Test& test, const lang::SourceManager& sources,
                                     lang::Diagnostics& diagnostics);

} // namespace shootdown::litmus

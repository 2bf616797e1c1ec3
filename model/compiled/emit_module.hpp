// The C++ source of a Program's compiled steps: the model's constants
// (constants.inc, read by runtime.inc), and translation units that include
// runtime.inc and define one chunk function per run of kChunkPcs pcs, the
// await guards, the invariant check and the module's entry point. Several
// units so that two cores compile a big model in half the time.
#pragma once

#include <string>
#include <vector>

#include "model/machine/tables.hpp"

namespace shootdown::compiled {

struct GeneratedSource {
    std::string constants;          // constants.inc
    std::vector<std::string> units; // unit_0.cpp (the entry point), unit_1.cpp, ...
    std::string fingerprint;        // of everything above, also compiled into unit 0
};

// Whether the compiled steps implement the Program's memory model (they
// mirror memory/sc.hpp and memory/tso.hpp); if not, the interpreter runs.
[[nodiscard]] bool supports(ir::MemoryModel model);

// Whether the code is generated once per CPU (small models) or once with
// the CPU as a run-time value.
[[nodiscard]] bool specialise_per_cpu(const ir::Program& program);

// `units` translation units (at least one; fewer if the code is small).
[[nodiscard]] GeneratedSource generate_source(const machine::Tables& tables, unsigned units);

} // namespace shootdown::compiled

// The control-flow graph of lowered code, from the instruction registry:
// which pcs can follow a pc within one step.
#pragma once

#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"

namespace shootdown::ir::analysis {

// Appends the pcs control can go to after `pc` (none after Flow::End).
void next_pcs(const Program& p, std::uint32_t pc, std::vector<std::uint32_t>& out);

// The same, as a new vector.
[[nodiscard]] std::vector<std::uint32_t> next_pcs(const Program& p, std::uint32_t pc);

// Every pc reachable from `entries`, following next_pcs().
[[nodiscard]] std::vector<bool> reachable_from(const Program& p,
                                               std::vector<std::uint32_t> entries);

// Every pc reachable from the process entry, the handlers' and the hardware
// actions' entries.
[[nodiscard]] std::vector<bool> reachable_pcs(const Program& p);

} // namespace shootdown::ir::analysis

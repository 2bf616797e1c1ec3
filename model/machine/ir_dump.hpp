// `shootdown list --ir`: the lowered code of every context with its resting
// points and footprints, and the state layout, for people debugging a model
// or the checker.
#pragma once

#include <string>

#include "model/ir/program.hpp"

namespace shootdown::machine {

// An expression as text, with the model's names (`tlb_gen[this_cpu]`).
[[nodiscard]] std::string expression_text(const ir::Program& p, ir::ExprId e);

// The whole dump: layout, then per context its instructions, one a line.
[[nodiscard]] std::string dump_ir(const ir::Program& p);

} // namespace shootdown::machine

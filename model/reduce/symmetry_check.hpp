// Which scalarsets of a Program may be permuted (--symmetry), decided on the
// lowered code. A type is symmetric when the transition relation and the
// properties commute with every renaming of its values: the code never names
// one of its values (a literal compared, stored, used as an index or a CPU
// bit), never orders or computes with them, and loops over the type only
// within one step and without leaving early. The initial state need not be
// symmetric. Each type that fails gets a warning at the offending use.
//
// The check also tells the canonicaliser which scalarset-typed locals hold a
// live value when a step ends at a given pc: a dead local holds its reset
// value 0, which a renaming must leave alone.
#pragma once

#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"
#include "model/lang/diagnostics.hpp"

namespace shootdown::machine {

struct SymmetryCheck {
    std::vector<bool> symmetric;   // per TypeId: a scalarset whose values may be permuted
    lang::Diagnostics diagnostics; // a warning per use that breaks a type's symmetry
    // Per pc: the scalarset-typed locals that hold a live value whenever a
    // step ends there (process and handler code; hardware actions never stop
    // midway). Only meaningful at pcs where a step can end.
    std::vector<std::vector<std::uint32_t>> live_locals;
};

SymmetryCheck check_symmetry(const ir::Program& program);

} // namespace shootdown::machine

// Where an expression node's value lives, worked out once per Program so that
// the interpreter's hot path reads and writes fields with one shift and mask
// instead of walking index subexpressions: a local of the running CPU, a
// scalar or constant-indexed element, or a per-CPU element indexed by
// this_cpu. Anything else (indexes computed at run time, quantifier-bound
// indexes) keeps the general path.
#pragma once

#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"

namespace shootdown::machine {

struct FieldPlan {
    enum class Kind : std::uint8_t {
        General,  // evaluate the node the ordinary way
        Local,    // bits at cpu_base + offset
        Fixed,    // bits at offset (a scalar, or constant indexes)
        PerCpu,   // bits at offset + cpu * width (indexed by this_cpu)
        Indexed,  // bits at offset + (eval(index) - index_lo) * width, 0 <= . < extent
        Constant, // the value `lo`
        Operator, // `op` applied to the values of nodes `a` and `b` (no side effects,
                  // no run-time checks, no store-buffer search of its own)
    };
    Kind kind = Kind::General;
    std::uint8_t width = 0;
    // Shared memory under TSO: a program read must look into the store
    // buffer first, so the plan applies only while the buffer is empty.
    bool forwarded = false;
    // A write to a core-serializing register (CR3) waits for the store buffer.
    bool serializing = false;
    std::uint32_t offset = 0;
    std::uint32_t index = ir::kNone; // Indexed: the index expression
    std::uint32_t extent = 0;        // Indexed: number of elements
    std::int64_t index_lo = 0;       // Indexed: value of element 0's index
    std::int64_t lo = 0;             // added to the stored bits (Constant: the value)
    std::int64_t hi = 0;             // a write must stay within [lo, hi]
    ir::Op op = ir::Op::Const;       // Operator
    std::uint32_t a = ir::kNone, b = ir::kNone;
};

// One plan per expression node (operators included, so that the evaluator's
// hot loop reads one record per node) of `program` (Program::exprs order).
std::vector<FieldPlan> plan_fields(const ir::Program& program);

} // namespace shootdown::machine

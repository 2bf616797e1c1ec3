#include "model/ir/analysis/operands.hpp"

namespace shootdown::ir::analysis {

bool reads_memory(const Program& p, ExprId e) {
    bool found = false;
    for_each_node(p, e, [&](const ExprNode& n) { found = found || n.op == Op::Global; });
    return found;
}

} // namespace shootdown::ir::analysis

// Walks over what an instruction or expression reads and writes, from the
// registry's operand roles and operator shapes.
#pragma once

#include <cstdint>

#include "model/ir/program.hpp"
#include "model/ir/registry.hpp"

namespace shootdown::ir::analysis {

// Calls f(node) for `e` and every expression below it, parents first.
template <class F>
void for_each_node(const Program& p, ExprId e, F&& f) {
    if (e == kNone) return;
    const ExprNode& n = p.exprs[e];
    f(n);
    for (ExprId c : children(n))
        for_each_node(p, c, f);
}

// Calls f(expr) for every expression `in` evaluates: its Expr and Update
// operands and the index expressions of its Target operands (not the
// targets themselves, which it only writes).
template <class F>
void for_each_read_expression(const Program& p, const Instr& in, F&& f) {
    const InstrInfo& i = info(in.kind);
    const auto ops = operands(in);
    for (std::size_t k = 0; k < ops.size(); ++k) {
        if (ops[k] == kNone) continue;
        if (i.roles[k] == Role::Expr || i.roles[k] == Role::Update) f(ops[k]);
        if (i.roles[k] == Role::Target)
            for (ExprId c : children(p.exprs[ops[k]]))
                if (c != kNone) f(c);
    }
}

// Calls f(target node id) for every Target and Update operand of `in`.
template <class F>
void for_each_target(const Instr& in, F&& f) {
    const InstrInfo& i = info(in.kind);
    const auto ops = operands(in);
    for (std::size_t k = 0; k < ops.size(); ++k)
        if ((i.roles[k] == Role::Target || i.roles[k] == Role::Update) && ops[k] != kNone)
            f(ops[k]);
}

// True if evaluating `e` reads a global variable (of any storage).
[[nodiscard]] bool reads_memory(const Program& p, ExprId e);

} // namespace shootdown::ir::analysis

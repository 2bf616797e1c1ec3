#include "model/ir/analysis/liveness.hpp"

#include "model/ir/analysis/cfg.hpp"
#include "model/ir/analysis/operands.hpp"

namespace shootdown::ir::analysis {

void local_uses(const Program& p, const Instr& in, std::vector<std::uint32_t>& reads,
                std::vector<std::uint32_t>& writes) {
    for_each_read_expression(p, in, [&](ExprId e) {
        for_each_node(p, e, [&](const ExprNode& n) {
            if (n.op == Op::Local) reads.push_back(n.a);
        });
    });
    const InstrInfo& i = info(in.kind);
    const auto ops = operands(in);
    for (std::size_t k = 0; k < ops.size(); ++k) {
        if (ops[k] == kNone) continue;
        if (i.roles[k] == Role::Target && p.exprs[ops[k]].op == Op::Local)
            writes.push_back(p.exprs[ops[k]].a);
        if (i.roles[k] == Role::LocalOut) writes.push_back(ops[k]);
        if (i.roles[k] == Role::ZeroList)
            for (std::uint32_t j = 0; j < ops[k + 1]; ++j)
                writes.push_back(p.zero_lists[ops[k] + j]);
    }
    for (std::uint32_t j = 0; j < in.zero_count; ++j)
        writes.push_back(p.zero_lists[in.zero_begin + j]);
}

// Backward dataflow to a fixed point: live_in(pc) = reads(pc) ∪
// (live_out(pc) \ writes(pc)), live_out(pc) = ∪ live_in(next).
Liveness liveness(const Program& p) {
    const auto n = static_cast<std::uint32_t>(p.code.size());
    Liveness out;
    out.live.assign(n, std::vector<bool>(p.locals.size(), false));
    std::vector<std::vector<std::uint32_t>> reads(n), writes(n), next(n);
    for (std::uint32_t pc = 0; pc < n; ++pc) {
        local_uses(p, p.code[pc], reads[pc], writes[pc]);
        next[pc] = next_pcs(p, pc);
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (std::uint32_t pc = n; pc-- > 0;) {
            std::vector<bool> in(p.locals.size(), false);
            for (std::uint32_t s : next[pc])
                if (s < n)
                    for (std::size_t l = 0; l < in.size(); ++l)
                        in[l] = in[l] || out.live[s][l];
            for (std::uint32_t l : writes[pc])
                in[l] = false;
            for (std::uint32_t l : reads[pc])
                in[l] = true;
            if (in != out.live[pc]) {
                out.live[pc] = std::move(in);
                changed = true;
            }
        }
    }
    return out;
}

} // namespace shootdown::ir::analysis

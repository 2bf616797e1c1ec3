#include "model/ir/analysis/footprint.hpp"

#include "model/ir/analysis/operands.hpp"

namespace shootdown::ir::analysis {

namespace {

IndexPattern pattern_of(const Program& p, ExprId e) {
    if (e == kNone) return {};
    const ExprNode& n = p.exprs[e];
    if (n.op == Op::Const) return {IndexPattern::Kind::Constant, n.value};
    if (n.op == Op::ThisCpu) return {IndexPattern::Kind::ThisCpu, 0};
    return {};
}

VariableAccess access_of(const Program& p, const ExprNode& n, bool write) {
    VariableAccess a;
    a.variable = n.a;
    a.write = write;
    a.index = {pattern_of(p, n.b), pattern_of(p, n.c), pattern_of(p, n.d)};
    return a;
}

void add_reads(const Program& p, ExprId e, Footprint& f) {
    for_each_node(p, e, [&](const ExprNode& n) {
        if (n.op == Op::Global) f.accesses.push_back(access_of(p, n, false));
    });
}

} // namespace

std::vector<Footprint> footprints(const Program& p) {
    std::vector<Footprint> out;
    out.reserve(p.code.size());
    for (const Instr& in : p.code) {
        Footprint f;
        for_each_read_expression(p, in, [&](ExprId e) { add_reads(p, e, f); });
        for_each_target(in, [&](ExprId t) {
            const ExprNode& n = p.exprs[t];
            if (n.op != Op::Global) return;
            f.accesses.push_back(access_of(p, n, true));
        });
        f.other_cpus = in.kind == InstrKind::IpiSend;
        out.push_back(std::move(f));
    }
    return out;
}

bool covers(const Program& p, const VariableAccess& access, std::uint32_t element,
            std::uint32_t cpu) {
    const Variable& v = p.variables[access.variable];
    // Decompose the row-major element number into its indexes, last first.
    for (std::size_t k = v.index_types.size(); k-- > 0;) {
        const std::uint32_t i = element % v.extents[k];
        element /= v.extents[k];
        const IndexPattern& pat = access.index[k];
        const std::int64_t value = p.types[v.index_types[k]].lo + i;
        if (pat.kind == IndexPattern::Kind::Constant && pat.value != value) return false;
        if (pat.kind == IndexPattern::Kind::ThisCpu && value != cpu) return false;
    }
    return true;
}

} // namespace shootdown::ir::analysis

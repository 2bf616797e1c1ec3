#include "model/machine/field_plan.hpp"

#include "model/ir/memory_models.hpp"
#include "model/ir/registry.hpp"

namespace shootdown::machine {

namespace {

using Kind = FieldPlan::Kind;

FieldPlan plan_local(const ir::Program& p, const ir::ExprNode& n) {
    const ir::Local& l = p.locals[n.a];
    const ir::Type& t = p.types[l.type];
    FieldPlan plan;
    plan.kind = Kind::Local;
    plan.offset = p.cpu.locals_offset[static_cast<int>(l.context)] + l.offset;
    plan.width = l.width;
    plan.lo = t.lo;
    plan.hi = t.hi;
    return plan;
}

// A global element whose position needs no interpreter: every index is a
// constant, or the only index is this_cpu over the CPU type, or the only
// index is any other expression (evaluated, then bounds-checked).
FieldPlan plan_global(const ir::Program& p, const ir::ExprNode& n) {
    const ir::Variable& v = p.variables[n.a];
    const ir::Type& t = p.types[v.type];
    FieldPlan plan;
    plan.width = v.width;
    plan.lo = t.lo;
    plan.hi = t.hi;
    plan.offset = v.offset;
    plan.serializing = v.serializing;
    plan.forwarded = ir::info(p.memory).buffers_stores && v.storage == ir::Storage::Shared;
    const std::uint32_t idx[3] = {n.b, n.c, n.d};
    std::uint32_t element = 0;
    bool constant = true;
    for (std::size_t k = 0; k < v.index_types.size(); ++k) {
        const ir::ExprNode& i = p.exprs[idx[k]];
        const std::int64_t pos = i.value - p.types[v.index_types[k]].lo;
        if (i.op != ir::Op::Const || pos < 0 || pos >= v.extents[k]) {
            constant = false;
            break;
        }
        element = element * v.extents[k] + static_cast<std::uint32_t>(pos);
    }
    if (constant) {
        plan.kind = Kind::Fixed;
        plan.offset += element * v.width;
        return plan;
    }
    if (v.index_types.size() != 1) return {};
    const ir::Type& index_type = p.types[v.index_types[0]];
    if (p.exprs[n.b].op == ir::Op::ThisCpu && index_type.is_cpu && index_type.lo == 0 &&
        v.extents[0] == p.cpus) {
        plan.kind = Kind::PerCpu;
        return plan;
    }
    plan.kind = Kind::Indexed;
    plan.index = n.b;
    plan.extent = v.extents[0];
    plan.index_lo = index_type.lo;
    return plan;
}

// Operators the fast evaluator applies itself: the pure ones and the two
// it reads from its context; the rest (quantifiers, conditionals, division,
// shifts, IRQ state) go to the general one.
bool is_simple_operator(ir::Op op) {
    return ir::info(op).purity != ir::Purity::checked;
}

} // namespace

std::vector<FieldPlan> plan_fields(const ir::Program& program) {
    std::vector<FieldPlan> plans(program.exprs.size());
    for (std::size_t id = 0; id < program.exprs.size(); ++id) {
        const ir::ExprNode& n = program.exprs[id];
        if (n.op == ir::Op::Const) {
            plans[id].kind = Kind::Constant;
            plans[id].lo = n.value;
        } else if (n.op == ir::Op::Local) {
            plans[id] = plan_local(program, n);
        } else if (n.op == ir::Op::Global) {
            plans[id] = plan_global(program, n);
        } else if (is_simple_operator(n.op)) {
            plans[id].kind = Kind::Operator;
            plans[id].op = n.op;
            plans[id].a = n.a;
            plans[id].b = n.b;
        }
    }
    return plans;
}

} // namespace shootdown::machine

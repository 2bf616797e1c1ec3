// Which types are symmetric: literals, ordering and arithmetic, found by
// walking every expression with the type its context expects.
#include <fmt/format.h>

#include "model/ir/analysis/cfg.hpp"
#include "model/ir/analysis/operands.hpp"
#include "model/ir/memory_models.hpp"
#include "model/ir/registry.hpp"
#include "model/reduce/symmetry_checker.hpp"

namespace shootdown::machine::symmetry_detail {

namespace {

const char* kHint = "a symmetric type's values may only be compared with each other, used as "
                    "indexes and quantified or chosen over; run without --symmetry to check as is";

} // namespace

// The expressions an instruction reads as a whole (its Expr and Update
// operands), not the targets it only writes.
std::array<ExprId, 3> expressions(const Instr& in) {
    std::array<ExprId, 3> out{kNone, kNone, kNone};
    std::size_t n = 0;
    const ir::InstrInfo& i = ir::info(in.kind);
    const auto ops = ir::operands(in);
    for (std::size_t k = 0; k < ops.size(); ++k)
        if ((i.roles[k] == ir::Role::Expr || i.roles[k] == ir::Role::Update) && n < out.size())
            out[n++] = ops[k];
    return out;
}

bool Checker::boundary(std::uint32_t pc) const {
    const Instr& in = p_.code[pc];
    const bool fences_wait = ir::info(p_.memory).fences_wait;
    if (!fences_wait && (in.kind == InstrKind::Fence || in.kind == InstrKind::SyncCore))
        return false;
    return in.touches_memory || in.kind == InstrKind::Fork || in.kind == InstrKind::Choose;
}

// The scalarset or mask type an expression's value has, if any.
TypeId Checker::type_of(ExprId e) const {
    const ExprNode& n = p_.exprs[e];
    switch (ir::info(n.op).family) {
    case Family::Value:
        if (n.op == Op::Local) return p_.locals[n.a].type;
        if (n.op == Op::Global) return p_.variables[n.a].type;
        if (n.op == Op::ThisCpu) return cpu_;
        if (n.op == Op::Bound) return n.a < 8 ? bound_[n.a] : kNone;
        return kNone; // a literal, or the IRQ state
    case Family::Choice: {
        TypeId t = type_of(n.b);
        return t != kNone ? t : type_of(n.c);
    }
    case Family::Bitwise: {
        TypeId a = type_of(n.a), b = n.b == kNone ? kNone : type_of(n.b);
        return mask(a) ? a : mask(b) ? b : kNone;
    }
    case Family::Compute:
    case Family::Equality:
    case Family::Mask:
    case Family::Quantifier:
        return kNone; // not a scalarset or mask of its operands' type
    }
    return kNone;
}

void Checker::breaks(TypeId t, lang::Span span, const std::string& why) {
    out_.symmetric[t] = false;
    out_.diagnostics.warning(
        span, fmt::format("--symmetry: `{}` is not permuted: {}", p_.types[t].name, why), kHint);
}

// Arithmetic, ordering and logic (Family::Compute): a scalarset operand that
// is ordered or computed with breaks the symmetry of its type.
void Checker::walk_computed(const ExprNode& n) {
    for (ExprId x : {n.a, n.b}) {
        if (x == kNone) continue;
        TypeId t = type_of(x);
        if (scalarset(t) && n.op != Op::And && n.op != Op::Or && n.op != Op::Not)
            breaks(t, n.span, "its values are ordered or computed with");
        walk(x, kNone);
    }
}

// Walks an expression knowing what type its context expects, to find
// literals that name a value of a scalarset (or of a CPU in a mask).
void Checker::walk(ExprId e, TypeId expected) {
    if (e == kNone) return;
    const ExprNode& n = p_.exprs[e];
    switch (ir::info(n.op).family) {
    case Family::Value:
        if (n.op == Op::Const) walk_literal(n, expected);
        if (n.op == Op::Global) walk_indexes(n);
        return;
    case Family::Compute:
        walk_computed(n);
        return;
    case Family::Equality:
        walk(n.a, type_of(n.b));
        walk(n.b, type_of(n.a));
        return;
    case Family::Choice:
        walk(n.a, kNone);
        walk(n.b, expected != kNone ? expected : type_of(n.c));
        walk(n.c, expected != kNone ? expected : type_of(n.b));
        return;
    case Family::Bitwise: {
        TypeId t = mask(type_of(e)) ? type_of(e) : expected;
        walk(n.a, t);
        walk(n.b, t);
        return;
    }
    case Family::Mask:
        if (n.op == Op::MaskTest) {
            walk(n.a, type_of(n.a));
            walk(n.b, cpu_);
        } else {
            walk(n.a, cpu_);
        }
        return;
    case Family::Quantifier:
        if (n.a < 8) bound_[n.a] = p_.bound_names[n.d].second;
        walk(n.b, kNone);
        return;
    }
}

// A literal where a scalarset value (or a CPU in a mask) is expected.
void Checker::walk_literal(const ExprNode& n, TypeId expected) {
    if (scalarset(expected)) breaks(expected, n.span, "a literal names one of its values");
    if (mask(expected) && cpu_ != kNone) {
        std::int64_t all = p_.types[expected].hi, bits = n.value & all;
        if (bits != 0 && bits != all) breaks(cpu_, n.span, "a literal mask names particular CPUs");
    }
}

void Checker::walk_indexes(const ExprNode& n) {
    const ir::Variable& v = p_.variables[n.a];
    const ExprId idx[3] = {n.b, n.c, n.d};
    for (std::size_t k = 0; k < v.index_types.size(); ++k)
        walk(idx[k], v.index_types[k]);
}

void Checker::walk_instr(const Instr& in) {
    switch (in.kind) {
    case InstrKind::Assign:
        walk(in.a, kNone);
        walk(in.b, type_of(in.a));
        return;
    case InstrKind::Branch:
    case InstrKind::Await:
    case InstrKind::Filter:
    case InstrKind::Assert:
        walk(in.a, kNone);
        return;
    case InstrKind::Rmw: {
        walk(in.a, kNone);
        auto op = static_cast<ir::RmwOp>(in.rmw_op);
        TypeId operand = op == ir::RmwOp::Add                                ? kNone
                         : op == ir::RmwOp::Xchg || op == ir::RmwOp::Cmpxchg ? type_of(in.a)
                                                                             : cpu_;
        walk(in.b, operand);
        walk(in.c, operand);
        return;
    }
    case InstrKind::IpiSend: {
        const ir::Handler& h = p_.irq_handlers[in.b];
        walk(in.a, type_of(in.a));
        walk(in.c, h.param_type);
        return;
    }
    case InstrKind::IrqRestore:
        walk(in.a, kNone);
        return;
    case InstrKind::Jump: // no expressions
    case InstrKind::Fork:
    case InstrKind::Choose:
    case InstrKind::AtomicBegin:
    case InstrKind::AtomicEnd:
    case InstrKind::Fence:
    case InstrKind::IpiWait:
    case InstrKind::IrqDisable:
    case InstrKind::IrqEnable:
    case InstrKind::SyncCore:
    case InstrKind::Iret:
    case InstrKind::Halt:
    case InstrKind::HardwareEnd:
    case InstrKind::ZeroLocals:
        return;
    }
}

std::vector<std::uint32_t> Checker::successors(std::uint32_t pc) const {
    return ir::analysis::next_pcs(p_, pc);
}

// The locals and variables an expression reads (a Global's indexes too).
void Checker::for_each_read(ExprId e, const std::function<void(const ExprNode&)>& f) const {
    ir::analysis::for_each_node(p_, e, [&](const ExprNode& n) {
        if (n.op == Op::Local || n.op == Op::Global) f(n);
    });
}

void Checker::run() {
    for (TypeId t = 0; t < p_.types.size(); ++t)
        if (p_.types[t].is_cpu) cpu_ = t;
    find_loops();
    flow_locals();
    for (std::uint32_t pc = 0; pc < p_.code.size(); ++pc)
        if (reached_[pc] && !loop_control_[pc]) walk_instr(p_.code[pc]);
    for (const ir::Invariant& inv : p_.invariants)
        walk(inv.expr, kNone);
    for (const ir::Invariant& st : p_.statistics)
        walk(st.expr, kNone);
    for (const CountedLoop& loop : loops_)
        if (reached_[loop.control]) check_loop(loop);
    check_local_reads();
    record_live_locals();
}

} // namespace shootdown::machine::symmetry_detail

namespace shootdown::machine {

SymmetryCheck check_symmetry(const ir::Program& program) {
    SymmetryCheck out;
    out.symmetric.assign(program.types.size(), false);
    for (std::size_t t = 0; t < program.types.size(); ++t)
        out.symmetric[t] = program.types[t].kind == ir::Type::Kind::Scalarset;
    symmetry_detail::Checker(program, out).run();
    return out;
}

} // namespace shootdown::machine

// The kernel's primitives, lowered to instructions. What each builtin is
// (its arguments, its lowering, its ordering class) is its row in
// model/ir/builtins.hpp; this file has one routine per Lowering. Whether a
// barrier is a Fence is the memory model's (its emits_fence(): on x86 only a
// full barrier is, the others are nothing); locked RMWs are Rmw instructions, which the machine
// executes as full fences; IPIs follow smp_call_function_many().
#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "model/ir/bits.hpp"
#include "model/ir/builtins.hpp"
#include "model/ir/lower_internal.hpp"
#include "model/ir/memory_models.hpp"

namespace shootdown::ir {

using lang::Expr;
using lang::Span;
using K = VType::Kind;

// Every builtin of the registry, in its order (ties of the hint go to the first).
std::vector<std::string> Lowerer::builtin_names() {
    std::vector<std::string> names;
    for (const Builtin& b : builtins())
        names.emplace_back(b.name);
    return names;
}

std::optional<Value> Lowerer::builtin(const Expr& e) {
    const Builtin* b = find_builtin(e.name);
    if (!b) return std::nullopt;
    if (b->args != kVariadic) expect_args(e, static_cast<std::size_t>(b->args));
    return lower_builtin(*b, e);
}

Value Lowerer::lower_builtin(const Builtin& b, const Expr& e) {
    Value none{kNone, VType::of(K::Void)};
    switch (b.lowering) {
    case Lowering::Barrier:
        if (ir::info(program_.memory).emits_fence(b.ordering)) emit(InstrKind::Fence, e.span);
        return none;
    case Lowering::SyncCore:
        emit(InstrKind::SyncCore, e.span);
        return none;
    case Lowering::Load:
        return value(strip_address(*e.args[0]));
    case Lowering::Store:
        store(*e.args[0], *e.args[1], e.span);
        return none;
    case Lowering::Rmw:
        return memory_rmw(e, b);
    case Lowering::MaskUpdate:
        return mask_update(e, b.rmw.op);
    case Lowering::IrqDisable:
    case Lowering::IrqEnable:
        require_cpu_code(e);
        emit(b.lowering == Lowering::IrqDisable ? InstrKind::IrqDisable : InstrKind::IrqEnable,
             e.span);
        return none;
    case Lowering::IrqSave:
    case Lowering::IrqRestore:
        return irq_flags(e, b.lowering == Lowering::IrqSave);
    case Lowering::IrqsDisabled:
    case Lowering::InIrq:
    case Lowering::ProcessorId:
        return cpu_query(e, b.lowering);
    case Lowering::Variant:
        return variant_test(e);
    case Lowering::MaskTest:
    case Lowering::MaskOf:
    case Lowering::MaskEmpty:
    case Lowering::MaskWeight:
        return mask_query(e, b.lowering);
    case Lowering::BugOn:
        return bug_on(e);
    case Lowering::Ipi:
        return ipi_call(e, b.ipi);
    }
    throw std::logic_error("a builtin without a lowering");
}

// __cpumask_set_cpu(c, &mask): not a locked instruction but a load and a
// store, each a step of its own.
Value Lowerer::mask_update(const Expr& e, RmwOp op) {
    Value c = value(*e.args[0]);
    Value target = lvalue(*e.args[1]);
    if (target.type.kind != K::Cpumask) fail(e.args[1]->span, "expected a cpumask");
    Value old = value(strip_address(*e.args[1]));
    ExprId bit = node(Op::MaskOf, e.span, c.id);
    ExprId updated = op == RmwOp::SetBit
                         ? node(Op::BitOr, e.span, old.id, bit)
                         : node(Op::BitAnd, e.span, old.id, node(Op::BitNot, e.span, bit));
    emit(InstrKind::Assign, e.span, target.id, updated);
    return {kNone, VType::of(K::Void)};
}

// local_irq_save(flags) / local_irq_restore(flags).
Value Lowerer::irq_flags(const Expr& e, bool save) {
    require_cpu_code(e);
    Value flags = lvalue(*e.args[0]);
    if (flags.type.kind != K::Bool || program_.exprs[flags.id].op != Op::Local)
        fail(e.args[0]->span, fmt::format("`{}` needs a local bool for the flags", e.name));
    if (save) {
        emit(InstrKind::Assign, e.span, flags.id, node(Op::IrqsDisabled, e.span));
        emit(InstrKind::IrqDisable, e.span);
    } else {
        emit(InstrKind::IrqRestore, e.span, flags.id);
    }
    return {kNone, VType::of(K::Void)};
}

// irqs_disabled(), in_irq(), in_interrupt(), smp_processor_id().
Value Lowerer::cpu_query(const Expr& e, Lowering l) {
    require_cpu_code(e);
    if (l == Lowering::ProcessorId)
        return Value{node(Op::ThisCpu, e.span), VType::of(K::Scalarset, cpu_type_)};
    return Value{node(l == Lowering::IrqsDisabled ? Op::IrqsDisabled : Op::InIrq, e.span),
                 VType::of(K::Bool, bool_type_)};
}

Value Lowerer::variant_test(const Expr& e) {
    const Expr& a = *e.args[0];
    const auto& vs = program_.variants;
    if (a.kind != Expr::Kind::Name || std::find(vs.begin(), vs.end(), a.name) == vs.end())
        fail(a.span, "`variant(...)` names a declared variant",
             vs.empty() ? "declare one with `variant NAME;`"
                        : fmt::format("the variants are: {}", fmt::join(vs, ", ")));
    return Value{const_node(a.name == program_.variant, e.span), VType::of(K::Bool, bool_type_)};
}

// cpumask_test_cpu(c, mask), cpumask_of(c), cpumask_empty(mask), cpumask_weight(mask).
Value Lowerer::mask_query(const Expr& e, Lowering l) {
    if (l == Lowering::MaskTest) {
        Value c = cpu_value(*e.args[0]);
        Value m = mask_value(*e.args[1]);
        return Value{node(Op::MaskTest, e.span, m.id, c.id), VType::of(K::Bool, bool_type_)};
    }
    if (l == Lowering::MaskOf) {
        Value c = cpu_value(*e.args[0]);
        return Value{node(Op::MaskOf, e.span, c.id), VType::of(K::Cpumask, cpumask_type())};
    }
    Value m = mask_value(*e.args[0]);
    if (l == Lowering::MaskEmpty)
        return Value{node(Op::Eq, e.span, m.id, const_node(0, e.span)),
                     VType::of(K::Bool, bool_type_)};
    return Value{node(Op::MaskWeight, e.span, m.id), VType::of(K::Int)};
}

Value Lowerer::bug_on(const Expr& e) {
    Value c = condition(*e.args[0]);
    std::uint32_t id =
        assert_property(fmt::format("BUG_ON at {}", sources_->location(e.span)), e.span);
    emit(InstrKind::Assert, e.span, node(Op::Not, e.span, c.id), id);
    return {kNone, VType::of(K::Void)};
}

Value Lowerer::cpu_value(const Expr& e) {
    Value c = value(e);
    if (!compatible(VType::of(K::Scalarset, cpu_type_), c.type))
        fail(e.span, fmt::format("expected a CPU, found {}", type_name(c.type)));
    return c;
}

Value Lowerer::mask_value(const Expr& e) {
    Value m = value(strip_address(e));
    if (m.type.kind != K::Cpumask && !m.type.literal)
        fail(e.span, fmt::format("expected a cpumask, found {}", type_name(m.type)));
    return m;
}

void Lowerer::require_cpu_code(const Expr& e) {
    if (!in_cpu_code_)
        fail(e.span, fmt::format("`{}` is only meaningful in code that runs on a CPU", e.name));
}

std::uint32_t Lowerer::assert_property(std::string name, Span span) {
    auto id = static_cast<std::uint32_t>(program_.asserts.size());
    program_.asserts.emplace_back(std::move(name), span);
    return id; // the assert site; Program::assert_property() gives its id
}

Value Lowerer::memory_rmw(const Expr& e, const Builtin& b) {
    const RmwOp op = b.rmw.op;
    const RmwResult result = b.rmw.result;
    const Expr& location = *e.args[static_cast<std::size_t>(b.location_arg)];
    bool bit_op = op == RmwOp::SetBit || op == RmwOp::ClearBit || op == RmwOp::TestSetBit ||
                  op == RmwOp::TestClearBit;
    // A model names a cpumask by itself, as the mask it is.
    if (location.kind != Expr::Kind::AddressOf && !bit_op)
        diagnostics_.warning(location.span, fmt::format("`{}` takes a pointer", e.name),
                             "write `&x`, as in the kernel");
    std::vector<Value> operands;
    for (std::size_t i = 0; i < e.args.size(); ++i)
        if (static_cast<int>(i) != b.location_arg) operands.push_back(value(*e.args[i]));
    Value target = lvalue(location);
    if (program_.exprs[target.id].op != Op::Global ||
        !is_memory_variable(program_.exprs[target.id].a))
        fail(location.span, fmt::format("`{}` works on shared memory", e.name));
    if (bit_op && target.type.kind != K::Cpumask) fail(location.span, "expected a cpumask");
    if (!bit_op && target.type.kind != K::Int && op == RmwOp::Add)
        fail(location.span, fmt::format("`{}` needs an integer variable", e.name));
    ExprId a = operands.empty() ? const_node(b.rmw.addend, e.span) : operands[0].id;
    if (b.rmw.negate) a = node(Op::Neg, e.span, a);
    if (bit_op) cpu_value(*e.args[0]);
    ExprId c = operands.size() > 1 ? operands[1].id : kNone;
    if (op == RmwOp::Xchg || op == RmwOp::Cmpxchg)
        for (const Value& v : operands)
            check_assignable(target.type, v, e.span);
    std::uint32_t dest = kNone;
    VType rtype = VType::of(K::Void);
    if (result != RmwResult::None) {
        rtype =
            result == RmwResult::NewIsZero || bit_op ? VType::of(K::Bool, bool_type_) : target.type;
        dest = temporary(rtype, e.span);
    }
    std::uint32_t i = emit(InstrKind::Rmw, e.span, target.id, a, c, dest);
    program_.code[i].rmw_op = static_cast<std::uint8_t>(op);
    program_.code[i].rmw_result = static_cast<std::uint8_t>(result);
    if (dest == kNone) return {kNone, rtype};
    return {node(Op::Local, e.span, dest), rtype};
}

// smp_call_function_many(mask, handler, [arg,] wait) and friends. The send is
// one step (llist_add is a locked cmpxchg: a full fence on x86); waiting for
// the handlers to finish is another. CPUs that run the handler themselves
// (on_each_cpu*) do so inline with IRQs off, as the kernel does.
Value Lowerer::ipi_call(const Expr& e, IpiShape shape) {
    require_cpu_code(e);
    const std::string& n = e.name;
    std::size_t first = shape.targets == IpiShape::Targets::All ? 0 : 1;
    if (e.args.size() < first + 2)
        fail(e.span, fmt::format("`{}` needs a handler and a wait flag", n));
    const Expr& handler_arg = *e.args[first];
    if (handler_arg.kind == Expr::Kind::Name) check_not_poisoned(handler_arg.name);
    if (handler_arg.kind != Expr::Kind::Name || !handlers_.count(handler_arg.name))
        fail(handler_arg.span, "expected the name of an `irq` handler",
             "declare it with `irq NAME(arg) { ... }`");
    std::uint32_t h = handlers_.at(handler_arg.name);
    const lang::Decl& hd = *irq_decls_[h];
    std::size_t expected = first + 2 + hd.params.size();
    if (e.args.size() != expected)
        fail(e.span, fmt::format("`{}` with handler `{}` takes {} arguments", n, hd.name, expected),
             hd.params.empty() ? "the handler takes no argument"
                               : "the handler takes one argument");
    std::int64_t wait = constant(*e.args.back());
    ExprId self = node(Op::MaskOf, e.span, node(Op::ThisCpu, e.span));
    ExprId mask;
    if (shape.targets == IpiShape::Targets::All) {
        auto all = static_cast<std::int64_t>(mask_of(static_cast<std::uint8_t>(program_.cpus)));
        mask = const_node(all, e.span);
    } else if (shape.targets == IpiShape::Targets::Cpu) {
        mask = node(Op::MaskOf, e.span, cpu_value(*e.args[0]).id);
    } else {
        mask = mask_value(*e.args[0]).id;
    }
    std::uint32_t m = temporary(VType::of(K::Cpumask, cpumask_type()), e.span);
    emit(InstrKind::Assign, e.span, node(Op::Local, e.span, m), mask);
    ExprId arg = kNone;
    if (!hd.params.empty()) {
        Value a = value(*e.args[first + 1]);
        TypeId pt = resolve_type(*hd.params[0].type);
        check_assignable(VType{vtype_kind(pt), pt, false}, a, e.args[first + 1]->span);
        arg = a.id;
    }
    ExprId others =
        node(Op::BitAnd, e.span, node(Op::Local, e.span, m), node(Op::BitNot, e.span, self));
    emit(InstrKind::IpiSend, e.span, others, h, arg);
    if (shape.runs_locally) run_handler_locally(hd, node(Op::Local, e.span, m), arg, e.span);
    if (wait) emit(InstrKind::IpiWait, e.span);
    return {kNone, VType::of(K::Void)};
}

} // namespace shootdown::ir

// The kernel's primitives, lowered to instructions with their x86 meaning:
// locked RMWs and smp_mb() are full fences, acquire/release and the other
// barriers only restrain the compiler, IPIs follow smp_call_function_many().
#include <fmt/format.h>

#include "model/ir/bits.hpp"
#include "model/ir/lower_internal.hpp"

namespace shootdown::ir {

using lang::Expr;
using lang::Span;
using K = VType::Kind;

namespace {

struct RmwBuiltin {
    const char* name;
    RmwOp op;
    RmwResult result;
    int location_arg;    // which argument is the location
    int operands;        // other arguments
    std::int64_t addend; // Add with no operand: +1 / -1
};

// Kernel argument order: atomic_add(i, v), cpumask_set_cpu(cpu, mask).
constexpr RmwBuiltin kRmw[] = {
    {"atomic_inc", RmwOp::Add, RmwResult::None, 0, 0, 1},
    {"atomic_dec", RmwOp::Add, RmwResult::None, 0, 0, -1},
    {"atomic_inc_return", RmwOp::Add, RmwResult::New, 0, 0, 1},
    {"atomic_dec_return", RmwOp::Add, RmwResult::New, 0, 0, -1},
    {"atomic_fetch_inc", RmwOp::Add, RmwResult::Old, 0, 0, 1},
    {"atomic_fetch_dec", RmwOp::Add, RmwResult::Old, 0, 0, -1},
    {"atomic_dec_and_test", RmwOp::Add, RmwResult::NewIsZero, 0, 0, -1},
    {"atomic_add", RmwOp::Add, RmwResult::None, 1, 1, 0},
    {"atomic_sub", RmwOp::Add, RmwResult::None, 1, 1, 0},
    {"atomic_add_return", RmwOp::Add, RmwResult::New, 1, 1, 0},
    {"atomic_fetch_add", RmwOp::Add, RmwResult::Old, 1, 1, 0},
    {"xchg", RmwOp::Xchg, RmwResult::Old, 0, 1, 0},
    {"cmpxchg", RmwOp::Cmpxchg, RmwResult::Old, 0, 2, 0},
    {"cpumask_set_cpu", RmwOp::SetBit, RmwResult::None, 1, 1, 0},
    {"cpumask_clear_cpu", RmwOp::ClearBit, RmwResult::None, 1, 1, 0},
    {"cpumask_test_and_set_cpu", RmwOp::TestSetBit, RmwResult::Old, 1, 1, 0},
    {"cpumask_test_and_clear_cpu", RmwOp::TestClearBit, RmwResult::Old, 1, 1, 0},
};

// Compiler barriers on x86: nothing to execute.
constexpr const char* kCompilerBarriers[] = {
    "barrier",
    "smp_rmb",
    "smp_wmb",
    "smp_mb__after_atomic",
    "smp_mb__before_atomic",
    "smp_mb__after_spinlock",
    "cpu_relax",
    "rcu_read_lock",
    "rcu_read_unlock",
};

} // namespace

// Every builtin the switch below knows, in no particular order.
std::vector<std::string> Lowerer::builtin_names() {
    std::vector<std::string> names;
    for (const char* b : kCompilerBarriers)
        names.emplace_back(b);
    for (const RmwBuiltin& b : kRmw)
        names.emplace_back(b.name);
    for (const char* b : {"READ_ONCE",
                          "smp_load_acquire",
                          "atomic_read",
                          "this_cpu_read",
                          "WRITE_ONCE",
                          "smp_store_release",
                          "atomic_set",
                          "this_cpu_write",
                          "__cpumask_set_cpu",
                          "__cpumask_clear_cpu",
                          "smp_mb",
                          "sync_core",
                          "local_irq_disable",
                          "local_irq_enable",
                          "local_irq_save",
                          "local_irq_restore",
                          "irqs_disabled",
                          "in_irq",
                          "in_interrupt",
                          "smp_processor_id",
                          "variant",
                          "cpumask_test_cpu",
                          "cpumask_of",
                          "cpumask_empty",
                          "cpumask_weight",
                          "BUG_ON",
                          "smp_call_function_many",
                          "smp_call_function_single",
                          "on_each_cpu_mask",
                          "on_each_cpu",
                          "smp_call_function"})
        names.emplace_back(b);
    return names;
}

std::optional<Value> Lowerer::builtin(const Expr& e, bool as_statement) {
    const std::string& n = e.name;
    Value none{kNone, VType::of(K::Void)};
    for (const char* b : kCompilerBarriers)
        if (n == b) {
            expect_args(e, 0);
            return none;
        }
    for (const RmwBuiltin& b : kRmw)
        if (n == b.name) {
            expect_args(e, static_cast<std::size_t>(b.operands + 1));
            return memory_rmw(e, b.op, b.result);
        }
    if (n == "READ_ONCE" || n == "smp_load_acquire" || n == "atomic_read" || n == "this_cpu_read") {
        expect_args(e, 1);
        return value(strip_address(*e.args[0]));
    }
    if (n == "WRITE_ONCE" || n == "smp_store_release" || n == "atomic_set" ||
        n == "this_cpu_write") {
        expect_args(e, 2);
        store(*e.args[0], *e.args[1], e.span);
        return none;
    }
    if (n == "__cpumask_set_cpu" || n == "__cpumask_clear_cpu") {
        // Not a locked instruction: a load and a store, each a step of its own.
        expect_args(e, 2);
        Value c = value(*e.args[0]);
        Value target = lvalue(*e.args[1]);
        if (target.type.kind != K::Cpumask) fail(e.args[1]->span, "expected a cpumask");
        Value old = value(strip_address(*e.args[1]));
        ExprId bit = node(Op::MaskOf, e.span, c.id);
        ExprId updated = n == "__cpumask_set_cpu"
                             ? node(Op::BitOr, e.span, old.id, bit)
                             : node(Op::BitAnd, e.span, old.id, node(Op::BitNot, e.span, bit));
        emit(InstrKind::Assign, e.span, target.id, updated);
        return none;
    }
    if (n == "smp_mb") {
        expect_args(e, 0);
        emit(InstrKind::Fence, e.span);
        return none;
    }
    if (n == "sync_core") {
        expect_args(e, 0);
        emit(InstrKind::SyncCore, e.span);
        return none;
    }
    if (n == "local_irq_disable" || n == "local_irq_enable") {
        expect_args(e, 0);
        require_cpu_code(e);
        emit(n == "local_irq_disable" ? InstrKind::IrqDisable : InstrKind::IrqEnable, e.span);
        return none;
    }
    if (n == "local_irq_save" || n == "local_irq_restore") {
        expect_args(e, 1);
        require_cpu_code(e);
        Value flags = lvalue(*e.args[0]);
        if (flags.type.kind != K::Bool || program_.exprs[flags.id].op != Op::Local)
            fail(e.args[0]->span, fmt::format("`{}` needs a local bool for the flags", n));
        if (n == "local_irq_save") {
            emit(InstrKind::Assign, e.span, flags.id, node(Op::IrqsDisabled, e.span));
            emit(InstrKind::IrqDisable, e.span);
        } else {
            emit(InstrKind::IrqRestore, e.span, flags.id);
        }
        return none;
    }
    if (n == "irqs_disabled" || n == "in_irq" || n == "in_interrupt") {
        expect_args(e, 0);
        require_cpu_code(e);
        return Value{node(n == "irqs_disabled" ? Op::IrqsDisabled : Op::InIrq, e.span),
                     VType::of(K::Bool, bool_type_)};
    }
    if (n == "smp_processor_id") {
        expect_args(e, 0);
        require_cpu_code(e);
        return Value{node(Op::ThisCpu, e.span), VType::of(K::Scalarset, cpu_type_)};
    }
    if (n == "variant") {
        expect_args(e, 1);
        const Expr& a = *e.args[0];
        const auto& vs = program_.variants;
        if (a.kind != Expr::Kind::Name || std::find(vs.begin(), vs.end(), a.name) == vs.end())
            fail(a.span, "`variant(...)` names a declared variant",
                 vs.empty() ? "declare one with `variant NAME;`"
                            : fmt::format("the variants are: {}", fmt::join(vs, ", ")));
        return Value{const_node(a.name == program_.variant, e.span),
                     VType::of(K::Bool, bool_type_)};
    }
    if (n == "cpumask_test_cpu") {
        expect_args(e, 2);
        Value c = cpu_value(*e.args[0]);
        Value m = mask_value(*e.args[1]);
        return Value{node(Op::MaskTest, e.span, m.id, c.id), VType::of(K::Bool, bool_type_)};
    }
    if (n == "cpumask_of") {
        expect_args(e, 1);
        Value c = cpu_value(*e.args[0]);
        return Value{node(Op::MaskOf, e.span, c.id), VType::of(K::Cpumask, cpumask_type())};
    }
    if (n == "cpumask_empty") {
        expect_args(e, 1);
        Value m = mask_value(*e.args[0]);
        return Value{node(Op::Eq, e.span, m.id, const_node(0, e.span)),
                     VType::of(K::Bool, bool_type_)};
    }
    if (n == "cpumask_weight") {
        expect_args(e, 1);
        Value m = mask_value(*e.args[0]);
        return Value{node(Op::MaskWeight, e.span, m.id), VType::of(K::Int)};
    }
    if (n == "BUG_ON") {
        expect_args(e, 1);
        Value c = condition(*e.args[0]);
        std::uint32_t id =
            assert_property(fmt::format("BUG_ON at {}", sources_->location(e.span)), e.span);
        emit(InstrKind::Assert, e.span, node(Op::Not, e.span, c.id), id);
        return none;
    }
    if (n == "smp_call_function_many" || n == "smp_call_function_single" ||
        n == "on_each_cpu_mask" || n == "on_each_cpu" || n == "smp_call_function")
        return ipi_call(e);
    (void)as_statement;
    return std::nullopt;
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
    return id; // relative; the machine adds first_assert_property()
}

Value Lowerer::memory_rmw(const Expr& e, RmwOp op, RmwResult result) {
    const RmwBuiltin* b = nullptr;
    for (const RmwBuiltin& r : kRmw)
        if (e.name == r.name) b = &r;
    const Expr& location = *e.args[static_cast<std::size_t>(b->location_arg)];
    if (location.kind != Expr::Kind::AddressOf && op != RmwOp::SetBit && op != RmwOp::ClearBit &&
        op != RmwOp::TestSetBit && op != RmwOp::TestClearBit)
        diagnostics_.warning(location.span, fmt::format("`{}` takes a pointer", e.name),
                             "write `&x`, as in the kernel");
    std::vector<Value> operands;
    for (std::size_t i = 0; i < e.args.size(); ++i)
        if (static_cast<int>(i) != b->location_arg) operands.push_back(value(*e.args[i]));
    Value target = lvalue(location);
    if (program_.exprs[target.id].op != Op::Global ||
        !is_memory_variable(program_.exprs[target.id].a))
        fail(location.span, fmt::format("`{}` works on shared memory", e.name));
    bool bit_op = op == RmwOp::SetBit || op == RmwOp::ClearBit || op == RmwOp::TestSetBit ||
                  op == RmwOp::TestClearBit;
    if (bit_op && target.type.kind != K::Cpumask) fail(location.span, "expected a cpumask");
    if (!bit_op && target.type.kind != K::Int && op == RmwOp::Add)
        fail(location.span, fmt::format("`{}` needs an integer variable", e.name));
    ExprId a = operands.empty() ? const_node(b->addend, e.span) : operands[0].id;
    if (e.name == std::string("atomic_sub")) a = node(Op::Neg, e.span, a);
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
Value Lowerer::ipi_call(const Expr& e) {
    require_cpu_code(e);
    const std::string& n = e.name;
    std::size_t first = (n == "on_each_cpu" || n == "smp_call_function") ? 0 : 1;
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
    if (first == 0) {
        auto all = static_cast<std::int64_t>(mask_of(static_cast<std::uint8_t>(program_.cpus)));
        mask = const_node(all, e.span);
    } else if (n == "smp_call_function_single") {
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
    bool includes_self =
        n == "on_each_cpu_mask" || n == "on_each_cpu" || n == "smp_call_function_single";
    if (includes_self) run_handler_locally(hd, node(Op::Local, e.span, m), arg, e.span);
    if (wait) emit(InstrKind::IpiWait, e.span);
    return {kNone, VType::of(K::Void)};
}

} // namespace shootdown::ir

// Expression evaluation for Interpreter<Memory>: the planned fast path and
// the general evaluator (which also records what a trace shows).
#pragma once

#include <algorithm>

#include "model/machine/interpreter.hpp"
#include "model/machine/operators.hpp"

namespace shootdown::machine {

template <class M>
bool Interpreter<M>::element_of(const ir::ExprNode& n, Env& env, std::uint32_t& element) const {
    const VariableAccess& v = t_.variables[n.a];
    NullRecorder none;
    std::uint32_t e = 0;
    const std::uint32_t idx[3] = {n.b, n.c, n.d};
    for (std::uint32_t k = 0; k < v.dims; ++k) {
        std::int64_t i = eval(idx[k], env, none) - v.index_lo[k];
        if (i < 0 || i >= v.extent[k]) {
            env.error = ir::BuiltinCheck::IndexOutOfRange;
            return false;
        }
        e = e * v.extent[k] + static_cast<std::uint32_t>(i);
    }
    element = e;
    return true;
}

template <class M>
template <class Rec>
std::int64_t Interpreter<M>::read_global(const ir::ExprNode& n, Env& env, Rec& rec) const {
    std::uint32_t element = 0;
    if (!element_of(n, env, element)) return 0;
    std::int64_t value = 0;
    if (env.buffered && t_.variables[n.a].storage == ir::Storage::Shared &&
        mem_.forward(env, n.a, element, value, rec))
        return value;
    value = t_.read_variable(env.state, n.a, element);
    if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::Read, n.a, element, value});
    return value;
}

// The evaluator's hot path: one record per node, no recorder, no frame
// for the rare operators (those go to the general evaluator).
template <class M>
std::int64_t Interpreter<M>::eval_fast(ir::ExprId id, Env& env) const {
    using Kind = FieldPlan::Kind;
    const FieldPlan& f = plans_[id];
    std::uint32_t offset = f.offset;
    switch (f.kind) {
    case Kind::Constant:
        return f.lo;
    case Kind::Local:
        return static_cast<std::int64_t>(ir::get_bits(env.state, env.cpu_base + offset, f.width)) +
               f.lo;
    case Kind::Operator:
        return apply_fast(f, env);
    case Kind::General:
        return eval_general(id, env);
    case Kind::Fixed:
    case Kind::PerCpu:
    case Kind::Indexed:
        break;
    }
    if (f.forwarded && env.buffered && !mem_.direct_read_ok(env))
        return eval_general(id, env); // the memory model may hold a newer value
    if (f.kind == Kind::PerCpu) {
        offset += env.cpu * f.width;
    } else if (f.kind == Kind::Indexed) {
        const std::int64_t i = eval_fast(f.index, env) - f.index_lo;
        if (i < 0 || i >= f.extent) {
            env.error = ir::BuiltinCheck::IndexOutOfRange;
            return 0;
        }
        offset += static_cast<std::uint32_t>(i) * f.width;
    }
    return static_cast<std::int64_t>(ir::get_bits(env.state, offset, f.width)) + f.lo;
}

template <class M>
std::int64_t Interpreter<M>::apply_fast(const FieldPlan& f, Env& env) const {
    return apply_simple(
        f.op, [&] { return eval_fast(f.a, env); }, [&] { return eval_fast(f.b, env); },
        [&](ir::Op op) { return op == ir::Op::ThisCpu ? env.cpu : env.bound[f.a]; });
}

template <class M>
std::int64_t Interpreter<M>::eval_general(ir::ExprId id, Env& env) const {
    NullRecorder none;
    return eval_node(id, env, none);
}

template <class M>
template <class Rec>
std::int64_t Interpreter<M>::eval(ir::ExprId id, Env& env, Rec& rec) const {
    if constexpr (Rec::enabled) {
        return eval_node(id, env, rec);
    } else {
        return eval_fast(id, env);
    }
}

template <class M>
template <class Rec>
std::int64_t Interpreter<M>::eval_node(ir::ExprId id, Env& env, Rec& rec) const {
    using ir::Op;
    const ir::ExprNode& n = exprs_[id];
    auto a = [&] { return eval(n.a, env, rec); };
    auto b = [&] { return eval(n.b, env, rec); };
    switch (n.op) {
    case Op::Const:
        return n.value;
    case Op::Local:
        return get_field(env.state, t_.layout.local(n.a, env.cpu));
    case Op::Global:
        return read_global(n, env, rec);
    case Op::ThisCpu:
        return env.cpu;
    case Op::Bound:
        return env.bound[n.a];
    case Op::Div:
    case Op::Mod: {
        std::int64_t x = a(), y = b();
        if (y == 0) {
            env.error = ir::BuiltinCheck::DivisionByZero;
            return 0;
        }
        return n.op == Op::Div ? x / y : x % y;
    }
    case Op::Shl:
    case Op::Shr: {
        const std::int64_t x = a(), y = std::clamp<std::int64_t>(b(), 0, 62);
        return n.op == Op::Shl ? x << y : x >> y;
    }
    case Op::Cond:
        return a() ? b() : eval(n.c, env, rec);
    case Op::Forall:
    case Op::Exists:
        return quantify(n, env, rec);
    case Op::IrqsDisabled:
        return env.in_irq ||
               get_field(env.state, t_.layout.at(t_.layout.cpu().irqs_off, env.cpu)) != 0;
    case Op::InIrq:
        return env.in_irq;
#include "model/ir/op_cases_pure.inc"
        return apply_simple(n.op, a, b, [](ir::Op) { return std::int64_t{0}; });
    }
    return 0;
}

template <class M>
template <class Rec>
std::int64_t Interpreter<M>::quantify(const ir::ExprNode& n, Env& env, Rec& rec) const {
    const bool forall = n.op == ir::Op::Forall;
    std::size_t mark = 0;
    if constexpr (Rec::enabled) mark = rec.mark(env.slot);
    for (std::uint32_t i = 0; i < n.c; ++i) {
        env.bound[n.a] = n.value + i;
        // A trace keeps only the reads of the iteration that decides.
        if constexpr (Rec::enabled) {
            rec.truncate(env.slot, mark);
            rec.event(env.slot, {Event::Kind::Bind, n.d, 0, n.value + i});
        }
        if ((eval(n.b, env, rec) != 0) != forall) return !forall;
    }
    if constexpr (Rec::enabled) rec.truncate(env.slot, mark);
    return forall;
}

} // namespace shootdown::machine

// Writes, locked read-modify-writes and IPI sends for Interpreter<Memory>.
#pragma once

#include "model/machine/interpreter.hpp"

namespace shootdown::machine {

// Writes through the node's plan; false means the general path must (no
// plan, a memory model that may buffer it, or a serializing register).
template <class M>
bool Interpreter<M>::write_planned(const FieldPlan& f, std::int64_t value, Env& env,
                                   int& result) const {
    using Kind = FieldPlan::Kind;
    std::uint32_t offset = f.offset;
    if (f.kind == Kind::Local) {
        offset += env.cpu_base;
    } else if (f.kind == Kind::General || f.kind == Kind::Constant || f.serializing ||
               (f.forwarded && env.buffered)) {
        return false;
    } else if (f.kind == Kind::PerCpu) {
        offset += env.cpu * f.width;
    } else if (f.kind == Kind::Indexed) {
        const std::int64_t i = eval_fast(f.index, env) - f.index_lo;
        if (i < 0 || i >= f.extent) {
            env.error = ir::BuiltinCheck::IndexOutOfRange;
            result = kError;
            return true;
        }
        offset += static_cast<std::uint32_t>(i) * f.width;
    }
    if (value < f.lo || value > f.hi) {
        env.error = ir::BuiltinCheck::ValueOutOfRange;
        result = kError;
        return true;
    }
    ir::set_bits(env.state, offset, f.width, static_cast<std::uint64_t>(value - f.lo));
    result = kOk;
    return true;
}

template <class M>
template <class Rec>
int Interpreter<M>::write(ir::ExprId target, std::int64_t value, Env& env, Rec& rec) const {
    if constexpr (!Rec::enabled) {
        int result = kOk;
        if (write_planned(plans_[target], value, env, result)) return result;
    }
    const ir::ExprNode& n = p_.exprs[target];
    if (n.op == ir::Op::Local) {
        const Range& r = t_.local_ranges[n.a];
        if (value < r.lo || value > r.hi) {
            env.error = ir::BuiltinCheck::ValueOutOfRange;
            rec.out_of_range(env.slot, {true, n.a, 0, value, r.lo, r.hi});
            return kError;
        }
        set_field(env.state, t_.layout.local(n.a, env.cpu), value);
        return kOk;
    }
    std::uint32_t element = 0;
    if (!element_of(n, env, element)) return kError;
    const VariableAccess& v = t_.variables[n.a];
    if (value < v.lo || value > v.hi) {
        env.error = ir::BuiltinCheck::ValueOutOfRange;
        rec.out_of_range(env.slot, {false, n.a, element, value, v.lo, v.hi});
        return kError;
    }
    int result = kOk;
    if (env.buffered && v.storage == ir::Storage::Shared &&
        mem_.store(env, n.a, element, value, result, rec))
        return result;
    // Writing a serializing register (CR3) waits for earlier stores.
    if (v.serializing && env.has_cpu && !mem_.settle(env, rec)) return kBlocked;
    ir::set_bits(env.state, v.offset + element * v.width, v.width,
                 static_cast<std::uint64_t>(value - v.lo));
    if constexpr (Rec::enabled)
        if (v.storage != ir::Storage::Ghost)
            rec.event(env.slot, {Event::Kind::Write, n.a, element, value});
    return kOk;
}

namespace detail {

// The value an RMW stores, and the old bit for the bit operations.
inline std::int64_t rmw_update(ir::RmwOp op, std::int64_t old, std::int64_t x, std::int64_t y,
                               bool& bit) {
    switch (op) {
    case ir::RmwOp::Add:
        return old + x;
    case ir::RmwOp::Xchg:
        return x;
    case ir::RmwOp::Cmpxchg:
        return old == x ? y : old;
    case ir::RmwOp::SetBit:
    case ir::RmwOp::TestSetBit:
        bit = (old >> x) & 1;
        return old | (std::int64_t{1} << x);
    case ir::RmwOp::ClearBit:
    case ir::RmwOp::TestClearBit:
        bit = (old >> x) & 1;
        return old & ~(std::int64_t{1} << x);
    }
    return old;
}

// What an RMW returns to its result local.
inline std::int64_t rmw_result(ir::RmwResult kind, bool bit_op, std::int64_t old,
                               std::int64_t updated, bool bit) {
    switch (kind) {
    case ir::RmwResult::None:
        return 0;
    case ir::RmwResult::Old:
        return bit_op ? bit : old;
    case ir::RmwResult::New:
        return updated;
    case ir::RmwResult::NewIsZero:
        return updated == 0;
    }
    return 0;
}

} // namespace detail

template <class M>
template <class Rec>
int Interpreter<M>::rmw(const ir::Instr& in, Env& env, Rec& rec) const {
    if (!mem_.settle(env, rec)) return kBlocked; // a locked op orders all earlier stores
    const ir::ExprNode& n = p_.exprs[in.a];
    std::uint32_t element = 0;
    if (!element_of(n, env, element)) return kError;
    const VariableAccess& v = t_.variables[n.a];
    const std::int64_t old = t_.read_variable(env.state, n.a, element);
    const auto op = static_cast<ir::RmwOp>(in.rmw_op);
    const std::int64_t x = eval(in.b, env, rec);
    // Only a compare-and-exchange whose comparison succeeds reads its new value.
    const std::int64_t y = op == ir::RmwOp::Cmpxchg && old == x ? eval(in.c, env, rec) : 0;
    bool bit = false;
    const std::int64_t updated = detail::rmw_update(op, old, x, y, bit);
    if (env.failed()) return kError;
    if (updated < v.lo || updated > v.hi) {
        env.error = ir::BuiltinCheck::ValueOutOfRange;
        rec.out_of_range(env.slot, {false, n.a, element, updated, v.lo, v.hi});
        return kError;
    }
    ir::set_bits(env.state, v.offset + element * v.width, v.width,
                 static_cast<std::uint64_t>(updated - v.lo));
    if constexpr (Rec::enabled)
        rec.event(env.slot, {Event::Kind::Rmw, n.a, element, updated, 0, 0});
    const auto result = static_cast<ir::RmwResult>(in.rmw_result);
    if (in.d == ir::kNone || result == ir::RmwResult::None) return kOk;
    const bool bit_op = in.rmw_op >= static_cast<std::uint8_t>(ir::RmwOp::SetBit);
    set_field(env.state, t_.layout.local(in.d, env.cpu),
              detail::rmw_result(result, bit_op, old, updated, bit));
    return kOk;
}

template <class M>
template <class Rec>
int Interpreter<M>::ipi_send(const ir::Instr& in, Env& env, Rec& rec) const {
    if (!mem_.settle(env, rec)) return kBlocked; // llist_add is a locked cmpxchg
    const std::int64_t mask = eval(in.a, env, rec);
    std::int64_t arg = in.c == ir::kNone ? 0 : eval(in.c, env, rec);
    const ir::Handler& h = p_.irq_handlers[in.b];
    if (h.param_type != ir::kNone) arg -= p_.types[h.param_type].lo;
    for (std::uint32_t t = 0; t < p_.cpus; ++t) // csd_lock(): the previous call must be done
        if (((mask >> t) & 1) && get_field(env.state, t_.layout.pending_handler(t, env.cpu)) != 0)
            return kBlocked;
    if constexpr (Rec::enabled)
        if ((mask & ((std::int64_t{1} << p_.cpus) - 1)) == 0)
            rec.event(env.slot, {Event::Kind::IpiSend, in.b, 0, 0, ir::kNone});
    for (std::uint32_t t = 0; t < p_.cpus; ++t) {
        if (!((mask >> t) & 1)) continue;
        set_field(env.state, t_.layout.pending_handler(t, env.cpu), in.b + 1);
        set_field(env.state, t_.layout.pending_arg(t, env.cpu), arg);
        if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::IpiSend, in.b, 0, arg, t});
    }
    return kOk;
}

} // namespace shootdown::machine

// Loops over a symmetric type: their numeric order must not show.
#include <algorithm>
#include <map>

#include "model/reduce/symmetry_checker.hpp"

namespace shootdown::machine::symmetry_detail {

// The loops over a symmetric type, as the lowering recorded them; their
// test and increment (the loop's control) are not the model's own use of
// the type's values.
void Checker::find_loops() {
    loop_control_.assign(p_.code.size(), false);
    for (const CountedLoop& loop : p_.counted_loops) {
        if (!scalarset(p_.locals[loop.var].type)) continue;
        loops_.push_back(loop);
        loop_control_[loop.control] = loop_control_[loop.control + 1] = true;
    }
}

// A loop over a symmetric type visits its values in numeric order; that
// order must not show. It does not if the loop runs within one step, runs
// to the end, and no iteration sees what another one did except through
// commutative updates (x = x | e, x = x + e) or the loop value's own elements.
void Checker::check_loop(const CountedLoop& loop) {
    TypeId t = p_.locals[loop.var].type;
    for (std::uint32_t pc = loop.top; pc < loop.control; ++pc) {
        if (!reached_[pc]) continue;
        if (boundary(pc) && !in_atomic_[pc])
            breaks(t, p_.code[loop.control].span,
                   "this loop over it takes several steps, so the order of its iterations shows "
                   "(an `atomic` block around it would make it one step)");
        for (std::uint32_t s : successors(pc))
            if (s < loop.top || s > loop.control)
                breaks(t, p_.code[pc].span,
                       "a loop over it can stop early here, at a value that depends on their "
                       "numeric order");
        const Instr& in = p_.code[pc];
        if (in.kind == InstrKind::Halt || in.kind == InstrKind::Iret ||
            in.kind == InstrKind::HardwareEnd || in.kind == InstrKind::IpiSend)
            breaks(t, in.span, "a loop over it does this in the numeric order of its values");
    }
    check_loop_effects(loop);
    check_loop_buffer(loop);
}

// The loop value and the locals its body resets: fresh in every iteration.
std::vector<bool> Checker::private_locals(const CountedLoop& loop) const {
    std::vector<bool> out(p_.locals.size(), false);
    out[loop.var] = true;
    for (std::uint32_t pc = loop.top; pc <= loop.control; ++pc) {
        const Instr& in = p_.code[pc];
        auto mark = [&](std::uint32_t begin, std::uint32_t count) {
            for (std::uint32_t i = 0; i < count; ++i)
                out[p_.zero_lists[begin + i]] = true;
        };
        if (in.kind == InstrKind::ZeroLocals) mark(in.a, in.b);
        mark(in.zero_begin, in.zero_count);
    }
    return out;
}

namespace {

bool same_place(const ir::Program& p, ExprId x, ExprId y) {
    if (x == kNone || y == kNone) return x == y;
    const ExprNode &a = p.exprs[x], &b = p.exprs[y];
    if (a.op != b.op || a.value != b.value) return false;
    if (a.op == Op::Local || a.op == Op::Bound) return a.a == b.a;
    if (a.op == Op::Const || a.op == Op::ThisCpu) return true;
    if (a.op != Op::Global || a.a != b.a) return false;
    return same_place(p, a.b, b.b) && same_place(p, a.c, b.c) && same_place(p, a.d, b.d);
}

bool commutative(Op op) {
    return op == Op::BitOr || op == Op::BitAnd || op == Op::Or || op == Op::And || op == Op::Add ||
           op == Op::Sub;
}

} // namespace

// What the body writes outside the loop value's own elements, and whether any
// iteration reads it (other than as the accumulator of a commutative update).
void Checker::check_loop_effects(const CountedLoop& loop) {
    TypeId t = p_.locals[loop.var].type;
    LoopWrites w;
    w.private_local = private_locals(loop);
    // Copies of the loop value (an inlined function's parameter) name it too.
    w.names_value.assign(p_.locals.size(), false);
    w.other.assign(p_.locals.size(), false);
    w.names_value[loop.var] = true;
    for (std::uint32_t pc = loop.top; pc < loop.control; ++pc) {
        const Instr& in = p_.code[pc];
        if (in.kind != InstrKind::Assign || p_.exprs[in.a].op != Op::Local) continue;
        const ExprNode& v = p_.exprs[in.b];
        bool copy = v.op == Op::Local && v.a == loop.var;
        (copy ? w.names_value : w.other)[p_.exprs[in.a].a] = true;
    }
    auto depends = [&](ExprId e) {
        bool d = false;
        for_each_read(e,
                      [&](const ExprNode& n) { d |= n.op == Op::Local && w.private_local[n.a]; });
        return d;
    };
    w.written_var.assign(p_.variables.size(), false);
    w.written_local.assign(p_.locals.size(), false);
    // Per place written outside the loop value's elements: how. Iterations
    // commute if every update of a place is one commutative operation, or
    // every write of it stores the same constant.
    std::map<std::pair<bool, std::uint32_t>, std::pair<int, std::int64_t>> updates;
    auto update = [&](const ExprNode& target, int family, std::int64_t value, lang::Span span) {
        auto key = std::make_pair(target.op == Op::Global, target.a);
        auto [it, fresh] = updates.emplace(key, std::make_pair(family, value));
        if (!fresh && it->second != std::make_pair(family, value))
            breaks(t, span,
                   "in a loop over it, iterations update the same place in ways that "
                   "do not commute");
    };
    for (std::uint32_t pc = loop.top; pc < loop.control; ++pc) {
        const Instr& in = p_.code[pc];
        if (!reached_[pc] || (in.kind != InstrKind::Assign && in.kind != InstrKind::Rmw)) continue;
        const ExprNode& target = p_.exprs[in.a];
        if (target.op == Op::Local && w.private_local[target.a]) continue;
        if (target.op == Op::Global) w.written_var[target.a] = true;
        if (target.op == Op::Local) w.written_local[target.a] = true;
        if (target.op == Op::Global && w.owned(p_, target)) continue;
        if (in.kind == InstrKind::Rmw) {
            if (static_cast<ir::RmwOp>(in.rmw_op) != ir::RmwOp::Add || in.d != kNone)
                breaks(t, in.span,
                       "a loop over it does a read-modify-write whose result depends "
                       "on the order of its iterations");
            update(target, static_cast<int>(Op::Add), 0, in.span);
            continue;
        }
        const ExprNode& v = p_.exprs[in.b];
        if (commutative(v.op) && same_place(p_, v.a, in.a)) {
            w.accumulators.push_back(v.a);
            update(target, static_cast<int>(v.op == Op::Sub ? Op::Add : v.op), 0, in.span);
            continue;
        }
        if (depends(in.b) || v.op != Op::Const)
            breaks(t, in.span,
                   "a loop over it stores a value that may differ between iterations, so the "
                   "last iteration in numeric order wins");
        update(target, -1, v.value, in.span);
    }
    check_loop_reads(loop, t, w);
}

// No iteration may read what another one wrote.
void Checker::check_loop_reads(const CountedLoop& loop, TypeId t, const LoopWrites& w) {
    for (std::uint32_t pc = loop.top; pc < loop.control; ++pc) {
        if (!reached_[pc]) continue;
        const Instr& in = p_.code[pc];
        auto check = [&](ExprId root) {
            if (std::find(w.accumulators.begin(), w.accumulators.end(), root) !=
                w.accumulators.end())
                return;
            for_each_read(root, [&](const ExprNode& n) {
                bool hit = n.op == Op::Local ? w.written_local[n.a]
                                             : w.written_var[n.a] && !w.owned(p_, n);
                if (hit)
                    breaks(t, n.span,
                           "in a loop over it, one iteration reads what another one wrote");
            });
        };
        if (in.kind == InstrKind::Assign) {
            const ExprNode& target = p_.exprs[in.a];
            for (ExprId x : {target.b, target.c, target.d})
                if (target.op == Op::Global) check(x);
            const ExprNode& v = p_.exprs[in.b];
            if (commutative(v.op) && same_place(p_, v.a, in.a)) {
                check(v.b);
                continue;
            }
            check(in.b);
        } else {
            for (ExprId x : expressions(in))
                check(x);
        }
    }
}

// Under TSO the stores of process and handler code to shared memory queue
// in the store buffer in program order, so a loop's stores drain in the
// numeric order of its values even when their effects commute (flag[d] =
// true, x = x | e): another CPU sees them appear in that order. Only copies
// of one store (one constant to one place, whatever the iteration) look
// the same in any order.
void Checker::check_loop_buffer(const CountedLoop& loop) {
    if (p_.memory != ir::MemoryModel::TSO) return;
    std::vector<bool> private_local = private_locals(loop);
    auto fixed = [&](const Instr& in) {
        const ExprNode& target = p_.exprs[in.a];
        bool varies = false;
        for (ExprId x : {target.b, target.c, target.d})
            for_each_read(
                x, [&](const ExprNode& n) { varies |= n.op == Op::Local && private_local[n.a]; });
        return !varies && p_.exprs[in.b].op == Op::Const;
    };
    const Instr* first = nullptr;
    for (std::uint32_t pc = loop.top; pc < loop.control; ++pc) {
        const Instr& in = p_.code[pc];
        if (!reached_[pc] || context_[pc] == ir::ContextKind::Hardware ||
            in.kind != InstrKind::Assign || p_.exprs[in.a].op != Op::Global ||
            p_.variables[p_.exprs[in.a].a].storage != ir::Storage::Shared)
            continue;
        bool copy = fixed(in) && (first == nullptr || (same_place(p_, in.a, first->a) &&
                                                       same_place(p_, in.b, first->b)));
        if (!copy) {
            breaks(p_.locals[loop.var].type, in.span,
                   "under TSO a loop over it queues its stores in the store buffer in the "
                   "numeric order of its values, and their drains show that order");
            return;
        }
        if (first == nullptr) first = &in;
    }
}

} // namespace shootdown::machine::symmetry_detail

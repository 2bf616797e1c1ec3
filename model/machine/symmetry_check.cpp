#include "model/machine/symmetry_check.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include <fmt/format.h>

namespace shootdown::machine {

using ir::ExprId;
using ir::ExprNode;
using ir::Instr;
using ir::InstrKind;
using ir::kNone;
using ir::Op;
using ir::TypeId;

namespace {

const char* kHint = "a symmetric type's values may only be compared with each other, used as "
                    "indexes and quantified or chosen over; run without --symmetry to check as is";

// The expressions an instruction reads, other than an assignment's target.
std::array<ExprId, 3> expressions(const Instr& in) {
    switch (in.kind) {
    case InstrKind::Assign:
        return {in.b, kNone, kNone};
    case InstrKind::Branch:
    case InstrKind::Await:
    case InstrKind::Filter:
    case InstrKind::Assert:
        return {in.a, kNone, kNone};
    case InstrKind::Rmw:
        return {in.a, in.b, in.c};
    case InstrKind::IpiSend:
        return {in.a, in.c, kNone};
    default:
        return {kNone, kNone, kNone};
    }
}

// A loop over the values of a type as the lowering emits it: the body is
// [top, control), then `Branch var != last; var = var + 1; Jump top`.
struct CountedLoop {
    std::uint32_t top = 0, control = 0, var = 0;
};

class Checker {
public:
    Checker(const ir::Program& p, SymmetryCheck& out) : p_(p), out_(out) {}
    void run();

private:
    [[nodiscard]] bool scalarset(TypeId t) const {
        return t != kNone && p_.types[t].kind == ir::Type::Kind::Scalarset;
    }
    [[nodiscard]] bool mask(TypeId t) const {
        return t != kNone && p_.types[t].kind == ir::Type::Kind::Cpumask;
    }
    [[nodiscard]] bool boundary(std::uint32_t pc) const;
    TypeId type_of(ExprId e) const;
    void breaks(TypeId t, lang::Span span, const std::string& why);
    void walk(ExprId e, TypeId expected);
    void walk_instr(const Instr& in);
    void find_loops();
    void check_loop(const CountedLoop& loop);
    void check_loop_effects(const CountedLoop& loop);
    void flow_locals();
    void check_local_reads();
    void record_live_locals();
    void for_each_read(ExprId e, const std::function<void(const ExprNode&)>& f) const;
    [[nodiscard]] std::vector<std::uint32_t> successors(std::uint32_t pc) const;
    // `local` is the variable of a loop over a scalarset whose code holds pc.
    [[nodiscard]] bool loop_var_at(std::uint32_t local, std::uint32_t pc) const {
        for (const CountedLoop& l : loops_)
            if (l.var == local && pc >= l.top && pc <= l.control + 1) return true;
        return false;
    }

    const ir::Program& p_;
    SymmetryCheck& out_;
    TypeId cpu_ = kNone;
    TypeId bound_[8] = {kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone};
    std::vector<CountedLoop> loops_;
    std::vector<bool> loop_control_; // per pc: the increment or test of a scalarset loop
    // Local dataflow over scalarset-typed locals: may it hold its reset value,
    // may it hold an assigned one? Per pc, before the instruction.
    std::vector<std::uint32_t> tracked_; // local id -> bit index, or kNone
    std::uint32_t words_ = 0;
    std::vector<std::uint64_t> may_clean_, may_dirty_;
    std::vector<bool> reached_, in_atomic_;
    std::vector<ir::ContextKind> context_;
};

bool Checker::boundary(std::uint32_t pc) const {
    const Instr& in = p_.code[pc];
    bool sc = p_.memory == ir::MemoryModel::SC;
    if (sc && (in.kind == InstrKind::Fence || in.kind == InstrKind::SyncCore)) return false;
    return in.touches_memory || in.kind == InstrKind::Fork || in.kind == InstrKind::Choose;
}

TypeId Checker::type_of(ExprId e) const {
    const ExprNode& n = p_.exprs[e];
    switch (n.op) {
    case Op::Local:
        return p_.locals[n.a].type;
    case Op::Global:
        return p_.variables[n.a].type;
    case Op::ThisCpu:
        return cpu_;
    case Op::Bound:
        return n.a < 8 ? bound_[n.a] : kNone;
    case Op::Cond: {
        TypeId t = type_of(n.b);
        return t != kNone ? t : type_of(n.c);
    }
    case Op::BitAnd:
    case Op::BitOr:
    case Op::BitXor: {
        TypeId a = type_of(n.a), b = type_of(n.b);
        return mask(a) ? a : mask(b) ? b : kNone;
    }
    case Op::BitNot:
        return mask(type_of(n.a)) ? type_of(n.a) : kNone;
    default:
        return kNone;
    }
}

void Checker::breaks(TypeId t, lang::Span span, const std::string& why) {
    out_.symmetric[t] = false;
    out_.diagnostics.warning(
        span, fmt::format("--symmetry: `{}` is not permuted: {}", p_.types[t].name, why), kHint);
}

// Walks an expression knowing what type its context expects, to find
// literals that name a value of a scalarset (or of a CPU in a mask).
void Checker::walk(ExprId e, TypeId expected) {
    if (e == kNone) return;
    const ExprNode& n = p_.exprs[e];
    switch (n.op) {
    case Op::Const:
        if (scalarset(expected)) breaks(expected, n.span, "a literal names one of its values");
        if (mask(expected) && cpu_ != kNone) {
            std::int64_t all = p_.types[expected].hi, bits = n.value & all;
            if (bits != 0 && bits != all)
                breaks(cpu_, n.span, "a literal mask names particular CPUs");
        }
        return;
    case Op::Eq:
    case Op::Ne:
        walk(n.a, type_of(n.b));
        walk(n.b, type_of(n.a));
        return;
    case Op::Global: {
        const ir::Variable& v = p_.variables[n.a];
        const ExprId idx[3] = {n.b, n.c, n.d};
        for (std::size_t k = 0; k < v.index_types.size(); ++k)
            walk(idx[k], v.index_types[k]);
        return;
    }
    case Op::Cond:
        walk(n.a, kNone);
        walk(n.b, expected != kNone ? expected : type_of(n.c));
        walk(n.c, expected != kNone ? expected : type_of(n.b));
        return;
    case Op::BitAnd:
    case Op::BitOr:
    case Op::BitXor:
    case Op::BitNot: {
        TypeId t = mask(type_of(e)) ? type_of(e) : expected;
        walk(n.a, t);
        walk(n.b, t);
        return;
    }
    case Op::MaskTest:
        walk(n.a, type_of(n.a));
        walk(n.b, cpu_);
        return;
    case Op::MaskOf:
        walk(n.a, cpu_);
        return;
    case Op::Forall:
    case Op::Exists:
        if (n.a < 8) bound_[n.a] = p_.bound_names[n.d].second;
        walk(n.b, kNone);
        return;
    case Op::Local:
    case Op::ThisCpu:
    case Op::Bound:
    case Op::IrqsDisabled:
    case Op::InIrq:
        return;
    default: // arithmetic, ordering, logic
        for (ExprId x : {n.a, n.b}) {
            if (x == kNone) continue;
            TypeId t = type_of(x);
            if (scalarset(t) && n.op != Op::And && n.op != Op::Or && n.op != Op::Not)
                breaks(t, n.span, "its values are ordered or computed with");
            walk(x, kNone);
        }
        return;
    }
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
    default:
        return;
    }
}

std::vector<std::uint32_t> Checker::successors(std::uint32_t pc) const {
    const Instr& in = p_.code[pc];
    switch (in.kind) {
    case InstrKind::Jump:
        return {in.a};
    case InstrKind::Branch:
        return {pc + 1, in.b};
    case InstrKind::Fork:
        return {p_.fork_targets.begin() + in.a, p_.fork_targets.begin() + in.a + in.b};
    case InstrKind::Halt:
    case InstrKind::Iret:
    case InstrKind::HardwareEnd:
        return {};
    default:
        return {pc + 1};
    }
}

void Checker::find_loops() {
    loop_control_.assign(p_.code.size(), false);
    for (std::uint32_t k = 0; k + 2 < p_.code.size(); ++k) {
        const Instr &test = p_.code[k], &inc = p_.code[k + 1], &back = p_.code[k + 2];
        if (test.kind != InstrKind::Branch || inc.kind != InstrKind::Assign ||
            back.kind != InstrKind::Jump || back.a > k)
            continue;
        const ExprNode& ne = p_.exprs[test.a];
        if (ne.op != Op::Ne || p_.exprs[ne.a].op != Op::Local) continue;
        std::uint32_t var = p_.exprs[ne.a].a;
        const ExprNode& target = p_.exprs[inc.a];
        const ExprNode& add = p_.exprs[inc.b];
        if (target.op != Op::Local || target.a != var || add.op != Op::Add) continue;
        if (!scalarset(p_.locals[var].type)) continue;
        loops_.push_back({back.a, k, var});
        loop_control_[k] = loop_control_[k + 1] = true;
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
}

void Checker::for_each_read(ExprId e, const std::function<void(const ExprNode&)>& f) const {
    if (e == kNone) return;
    const ExprNode& n = p_.exprs[e];
    switch (n.op) {
    case Op::Local:
        f(n);
        return;
    case Op::Global:
        f(n);
        for (ExprId x : {n.b, n.c, n.d})
            for_each_read(x, f);
        return;
    case Op::Const:
    case Op::ThisCpu:
    case Op::Bound:
    case Op::IrqsDisabled:
    case Op::InIrq:
        return;
    case Op::Forall:
    case Op::Exists:
        for_each_read(n.b, f);
        return;
    default:
        for_each_read(n.a, f);
        for_each_read(n.b, f);
        if (n.op == Op::Cond) for_each_read(n.c, f);
        return;
    }
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
    std::vector<bool> private_local(p_.locals.size(), false);
    private_local[loop.var] = true;
    for (std::uint32_t pc = loop.top; pc <= loop.control; ++pc) {
        const Instr& in = p_.code[pc];
        auto mark = [&](std::uint32_t begin, std::uint32_t count) {
            for (std::uint32_t i = 0; i < count; ++i)
                private_local[p_.zero_lists[begin + i]] = true;
        };
        if (in.kind == InstrKind::ZeroLocals) mark(in.a, in.b);
        mark(in.zero_begin, in.zero_count);
    }
    // Copies of the loop value (an inlined function's parameter) name it too.
    std::vector<bool> names_value(p_.locals.size(), false), other(p_.locals.size(), false);
    names_value[loop.var] = true;
    for (std::uint32_t pc = loop.top; pc < loop.control; ++pc) {
        const Instr& in = p_.code[pc];
        if (in.kind != InstrKind::Assign || p_.exprs[in.a].op != Op::Local) continue;
        const ExprNode& v = p_.exprs[in.b];
        bool copy = v.op == Op::Local && v.a == loop.var;
        (copy ? names_value : other)[p_.exprs[in.a].a] = true;
    }
    auto owned = [&](const ExprNode& n) {
        for (ExprId x : {n.b, n.c, n.d}) {
            if (x == kNone || p_.exprs[x].op != Op::Local) continue;
            std::uint32_t l = p_.exprs[x].a;
            if (names_value[l] && !other[l] && private_local[l]) return true;
        }
        return false;
    };
    auto depends = [&](ExprId e) {
        bool d = false;
        for_each_read(e, [&](const ExprNode& n) { d |= n.op == Op::Local && private_local[n.a]; });
        return d;
    };
    std::vector<bool> written_var(p_.variables.size(), false), written_local(p_.locals.size());
    std::vector<ExprId> accumulators; // operands read as their own update's accumulator
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
        if (target.op == Op::Local && private_local[target.a]) continue;
        if (target.op == Op::Global) written_var[target.a] = true;
        if (target.op == Op::Local) written_local[target.a] = true;
        if (target.op == Op::Global && owned(target)) continue;
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
            accumulators.push_back(v.a);
            update(target, static_cast<int>(v.op == Op::Sub ? Op::Add : v.op), 0, in.span);
            continue;
        }
        if (depends(in.b) || v.op != Op::Const)
            breaks(t, in.span,
                   "a loop over it stores a value that may differ between iterations, so the "
                   "last iteration in numeric order wins");
        update(target, -1, v.value, in.span);
    }
    for (std::uint32_t pc = loop.top; pc < loop.control; ++pc) {
        if (!reached_[pc]) continue;
        const Instr& in = p_.code[pc];
        auto check = [&](ExprId root) {
            if (std::find(accumulators.begin(), accumulators.end(), root) != accumulators.end())
                return;
            for_each_read(root, [&](const ExprNode& n) {
                bool hit = n.op == Op::Local ? written_local[n.a] : written_var[n.a] && !owned(n);
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

// Forward dataflow over the scalarset-typed locals of every context: at each
// pc, may a local hold its reset value (0), may it hold an assigned value?
void Checker::flow_locals() {
    std::size_t n = p_.code.size();
    tracked_.assign(p_.locals.size(), kNone);
    std::uint32_t count = 0;
    for (std::uint32_t l = 0; l < p_.locals.size(); ++l)
        if (scalarset(p_.locals[l].type)) tracked_[l] = count++;
    words_ = (count + 63) / 64;
    may_clean_.assign(n * words_, 0);
    may_dirty_.assign(n * words_, 0);
    reached_.assign(n, false);
    in_atomic_.assign(n, false);
    context_.assign(n, ir::ContextKind::Main);
    std::vector<std::uint32_t> work;
    std::vector<std::uint64_t> clean(words_), dirty(words_);
    auto set = [&](std::vector<std::uint64_t>& v, std::uint32_t local, bool on) {
        std::uint32_t b = tracked_[local];
        if (b == kNone) return;
        if (on)
            v[b / 64] |= 1ull << (b % 64);
        else
            v[b / 64] &= ~(1ull << (b % 64));
    };
    // Merges (clean, dirty) into pc's state; queues pc if that changed it.
    auto merge = [&](std::uint32_t pc, bool atomic, ir::ContextKind ctx) {
        bool changed = !reached_[pc];
        reached_[pc] = true;
        in_atomic_[pc] = atomic;
        context_[pc] = ctx;
        for (std::uint32_t w = 0; w < words_; ++w) {
            std::uint64_t c = may_clean_[pc * words_ + w] | clean[w];
            std::uint64_t d = may_dirty_[pc * words_ + w] | dirty[w];
            changed |= c != may_clean_[pc * words_ + w] || d != may_dirty_[pc * words_ + w];
            may_clean_[pc * words_ + w] = c;
            may_dirty_[pc * words_ + w] = d;
        }
        if (changed) work.push_back(pc);
    };
    auto entry = [&](std::uint32_t pc, ir::ContextKind ctx, std::uint32_t param) {
        std::fill(clean.begin(), clean.end(), ~0ull);
        std::fill(dirty.begin(), dirty.end(), 0);
        if (param != kNone) {
            set(clean, param, false);
            set(dirty, param, true);
        }
        merge(pc, false, ctx);
    };
    entry(p_.process_entry, ir::ContextKind::Main, kNone);
    for (const ir::Handler& h : p_.irq_handlers)
        entry(h.entry, ir::ContextKind::Irq, h.param_local);
    for (const ir::Handler& h : p_.hardware_actions)
        entry(h.entry, ir::ContextKind::Hardware, kNone);
    while (!work.empty()) {
        std::uint32_t pc = work.back();
        work.pop_back();
        const Instr& in = p_.code[pc];
        std::copy_n(may_clean_.begin() + pc * words_, words_, clean.begin());
        std::copy_n(may_dirty_.begin() + pc * words_, words_, dirty.begin());
        auto assign = [&](std::uint32_t local) {
            set(clean, local, false);
            set(dirty, local, true);
        };
        auto reset = [&](std::uint32_t begin, std::uint32_t n_zero) {
            for (std::uint32_t i = 0; i < n_zero; ++i) {
                set(clean, p_.zero_lists[begin + i], true);
                set(dirty, p_.zero_lists[begin + i], false);
            }
        };
        if (in.kind == InstrKind::Assign && p_.exprs[in.a].op == Op::Local)
            assign(p_.exprs[in.a].a);
        if (in.kind == InstrKind::Choose) assign(in.a);
        if (in.kind == InstrKind::Rmw && in.d != kNone) assign(in.d);
        if (in.kind == InstrKind::ZeroLocals) reset(in.a, in.b);
        reset(in.zero_begin, in.zero_count);
        bool atomic = in.kind == InstrKind::AtomicBegin ? true
                      : in.kind == InstrKind::AtomicEnd ? false
                                                        : in_atomic_[pc];
        for (std::uint32_t s : successors(pc))
            merge(s, atomic, context_[pc]);
    }
}

// A read of a local that may still hold its reset value reads the literal 0.
void Checker::check_local_reads() {
    for (std::uint32_t pc = 0; pc < p_.code.size(); ++pc) {
        if (!reached_[pc] || loop_control_[pc]) continue;
        auto exempt = [&](std::uint32_t local) { return loop_var_at(local, pc); };
        auto check = [&](ExprId root) {
            for_each_read(root, [&](const ExprNode& n) {
                if (n.op != Op::Local || tracked_[n.a] == kNone || exempt(n.a)) return;
                std::uint32_t b = tracked_[n.a];
                if ((may_clean_[pc * words_ + b / 64] >> (b % 64)) & 1)
                    breaks(p_.locals[n.a].type, n.span,
                           fmt::format("`{}` may be read before it is assigned, and its initial "
                                       "value 0 names one of the values",
                                       p_.locals[n.a].name));
            });
        };
        const Instr& in = p_.code[pc];
        if (in.kind == InstrKind::Assign && p_.exprs[in.a].op == Op::Global)
            for (ExprId x : {p_.exprs[in.a].b, p_.exprs[in.a].c, p_.exprs[in.a].d})
                check(x);
        for (ExprId x : expressions(in))
            check(x);
    }
}

// Where a process or handler step can end, each scalarset local is either
// surely assigned (renamed with the state) or surely reset (left alone).
void Checker::record_live_locals() {
    out_.live_locals.assign(p_.code.size(), {});
    for (std::uint32_t pc = 0; pc < p_.code.size(); ++pc) {
        const Instr& in = p_.code[pc];
        bool may_stop = boundary(pc) || in.kind == InstrKind::Halt || pc == p_.process_entry;
        if (!reached_[pc] || context_[pc] == ir::ContextKind::Hardware || !may_stop ||
            in_atomic_[pc])
            continue;
        for (std::uint32_t l = 0; l < p_.locals.size(); ++l) {
            std::uint32_t b = tracked_[l];
            if (b == kNone || loop_var_at(l, pc)) continue;
            bool clean = (may_clean_[pc * words_ + b / 64] >> (b % 64)) & 1;
            bool dirty = (may_dirty_[pc * words_ + b / 64] >> (b % 64)) & 1;
            if (clean && dirty)
                breaks(p_.locals[l].type, in.span,
                       fmt::format("when a step ends here, `{}` may hold a value or not",
                                   p_.locals[l].name));
            else if (dirty)
                out_.live_locals[pc].push_back(l);
        }
    }
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

} // namespace

SymmetryCheck check_symmetry(const ir::Program& program) {
    SymmetryCheck out;
    out.symmetric.assign(program.types.size(), false);
    for (std::size_t t = 0; t < program.types.size(); ++t)
        out.symmetric[t] = program.types[t].kind == ir::Type::Kind::Scalarset;
    Checker(program, out).run();
    return out;
}

} // namespace shootdown::machine

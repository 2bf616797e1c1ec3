// Scalarset locals: which hold a live value where a step ends, and which
// may be read while they still hold their reset value 0.
#include <algorithm>

#include <fmt/format.h>

#include "model/reduce/symmetry_checker.hpp"

namespace shootdown::machine::symmetry_detail {

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

} // namespace shootdown::machine::symmetry_detail

// Internal to the symmetry check (symmetry_check.cpp, symmetry_loops.cpp,
// symmetry_locals.cpp): the checker's state, shared by its three parts.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "model/ir/registry.hpp"
#include "model/reduce/symmetry_check.hpp"

namespace shootdown::machine::symmetry_detail {

using ir::ExprId;
using ir::ExprNode;
using ir::Family;
using ir::Instr;
using ir::InstrKind;
using ir::kNone;
using ir::Op;
using ir::TypeId;

// The expressions an instruction reads, other than an assignment's target.
std::array<ExprId, 3> expressions(const Instr& in);

// A loop over the values of a type as the lowering emits it: the body is
// [top, control), then `Branch var != last; var = var + 1; Jump top`.
using ir::CountedLoop;

// What a counted loop's body writes, for check_loop_reads().
struct LoopWrites {
    std::vector<bool> private_local, names_value, other, written_var, written_local;
    std::vector<ExprId> accumulators; // operands read as their own update's accumulator
    // An element indexed by the loop value itself (each iteration its own).
    [[nodiscard]] bool owned(const ir::Program& p, const ExprNode& n) const {
        for (ExprId x : {n.b, n.c, n.d}) {
            if (x == kNone || p.exprs[x].op != ir::Op::Local) continue;
            const std::uint32_t l = p.exprs[x].a;
            if (names_value[l] && !other[l] && private_local[l]) return true;
        }
        return false;
    }
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
    void walk_computed(const ExprNode& n);
    void walk_literal(const ExprNode& n, TypeId expected);
    void walk_indexes(const ExprNode& n);
    void walk_instr(const Instr& in);
    void find_loops();
    void check_loop(const CountedLoop& loop);
    void check_loop_effects(const CountedLoop& loop);
    void check_loop_reads(const CountedLoop& loop, TypeId t, const LoopWrites& w);
    void check_loop_buffer(const CountedLoop& loop);
    [[nodiscard]] std::vector<bool> private_locals(const CountedLoop& loop) const;
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

} // namespace shootdown::machine::symmetry_detail

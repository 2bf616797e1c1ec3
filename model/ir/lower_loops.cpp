// Lowering of loops: `while`, and the counted loops `for (x in T)` and
// `for_each_cpu(c, mask)`. `continue` and `break` are jumps patched when the
// loop's end is known.
#include "model/ir/lower_internal.hpp"

namespace shootdown::ir {

using lang::Decl;
using lang::Expr;
using lang::Span;
using lang::Stmt;
using K = VType::Kind;

void Lowerer::while_loop(const Stmt& s) {
    std::uint32_t top = pc();
    std::size_t mark = temps_in_use_.size();
    Value c = condition(*s.value);
    bool forever = program_.exprs[c.id].op == Op::Const && program_.exprs[c.id].value != 0;
    std::uint32_t branch = kNone;
    if (!forever) {
        branch = emit(InstrKind::Branch, s.span, c.id);
        attach_temps(mark, branch);
    } else {
        release_temps(mark, s.span);
    }
    loops_.push_back({scopes_.size(), {}, {}, atomic_, frames_.size()});
    block(*s.body[0]);
    Loop loop = loops_.back();
    loops_.pop_back();
    for (std::uint32_t j : loop.continues)
        patch(j, top);
    emit(InstrKind::Jump, s.span, top);
    if (branch != kNone) patch(branch, pc());
    for (std::uint32_t j : loop.breaks)
        patch(j, pc());
}

// The end of a loop over the values of `var` up to `last`: `continue` lands
// on the increment, `break` after the loop, and the loop's scope ends.
void Lowerer::close_counted_loop(const Loop& loop, std::uint32_t var, std::int64_t last,
                                 std::uint32_t top, Span span) {
    for (std::uint32_t j : loop.continues)
        patch(j, pc());
    ExprId v = node(Op::Local, span, var);
    std::uint32_t done =
        emit(InstrKind::Branch, span, node(Op::Ne, span, v, const_node(last, span)));
    program_.counted_loops.push_back({top, done, var});
    emit(InstrKind::Assign, span, node(Op::Local, span, var),
         node(Op::Add, span, v, const_node(1, span)));
    emit(InstrKind::Jump, span, top);
    patch(done, pc());
    for (std::uint32_t j : loop.breaks)
        patch(j, pc());
    emit_zero(scopes_.back().locals, span);
    scopes_.pop_back();
}

void Lowerer::for_in(const Stmt& s) {
    TypeId t = resolve_type(*s.type);
    const Type type = program_.types[t]; // a copy: lowering the body may add types
    if (type.kind == Type::Kind::Cpumask)
        fail(s.type->span, "cannot loop over a cpumask type", "use for_each_cpu(c, mask)");
    scopes_.emplace_back();
    std::uint32_t var = slot_for(local_slots_, static_cast<int>(context_), &s,
                                 [&] { return new_local(s.name, t, s.name_span, false); });
    scopes_.back().names[s.name] = var;
    scopes_.back().locals.push_back(var);
    std::uint32_t top = pc();
    loops_.push_back({scopes_.size(), {}, {}, atomic_, frames_.size()});
    block(*s.body[0]);
    Loop loop = loops_.back();
    loops_.pop_back();
    close_counted_loop(loop, var, type.hi, top, s.span);
}

void Lowerer::for_each_cpu(const Stmt& s) {
    scopes_.emplace_back();
    TypeId mt = cpumask_type();
    std::uint32_t mask = slot_for(local_slots_, static_cast<int>(context_), s.value.get(),
                                  [&] { return new_local(s.name + ".mask", mt, s.span, true); });
    scopes_.back().locals.push_back(mask);
    std::size_t mark = temps_in_use_.size();
    Value m = mask_value(*s.value);
    emit(InstrKind::Assign, s.span, node(Op::Local, s.span, mask), m.id);
    release_temps(mark, s.span);
    std::uint32_t var = slot_for(local_slots_, static_cast<int>(context_), &s,
                                 [&] { return new_local(s.name, cpu_type_, s.name_span, false); });
    scopes_.back().names[s.name] = var;
    scopes_.back().locals.push_back(var);
    ExprId v = node(Op::Local, s.span, var);
    std::uint32_t top = pc();
    std::uint32_t skip = emit(InstrKind::Branch, s.span,
                              node(Op::MaskTest, s.span, node(Op::Local, s.span, mask), v));
    loops_.push_back({scopes_.size(), {}, {}, atomic_, frames_.size()});
    block(*s.body[0]);
    Loop loop = loops_.back();
    loops_.pop_back();
    patch(skip, pc());
    close_counted_loop(loop, var, static_cast<std::int64_t>(program_.cpus - 1), top, s.span);
}

} // namespace shootdown::ir

// Lowering of calls: a builtin (lower_builtins.cpp) or a function, which is
// inlined at every call, as is a handler an IPI to the own CPU runs locally.
#include <algorithm>

#include <fmt/format.h>

#include "model/ir/lower_internal.hpp"

namespace shootdown::ir {

using lang::Decl;
using lang::Expr;
using lang::Span;
using lang::Stmt;
using K = VType::Kind;

void Lowerer::call_statement(const Expr& e) {
    if (e.kind != Expr::Kind::Call) fail(e.span, "expected a call");
    call(e, true);
}

Value Lowerer::call(const Expr& e, bool as_statement) {
    if (std::optional<Value> v = builtin(e)) {
        if (!as_statement && v->type.kind == K::Void)
            fail(e.span, fmt::format("`{}` returns no value", e.name));
        return *v;
    }
    if (auto it = functions_.find(e.name); it != functions_.end())
        return inline_function(e, *it->second);
    if (handlers_.count(e.name))
        fail(e.name_span,
             fmt::format("`{}` is an interrupt handler; it runs when an IPI arrives", e.name),
             "send one with smp_call_function_many(mask, handler, arg, wait)");
    check_not_poisoned(e.name);
    std::vector<std::string> names = builtin_names();
    for (const auto& [n, d] : functions_)
        names.push_back(n);
    std::string hint = closest_name(e.name, names);
    fail(e.name_span, fmt::format("unknown function `{}`", e.name),
         hint.empty() ? "docs/language.md lists the builtins"
                      : fmt::format("did you mean `{}`?", hint));
}

// Functions, and handlers an IPI to the own CPU runs locally, are inlined:
// `f` must not be inlined into itself, through any chain of calls and local
// runs, and the chain is bounded, which bounds the lowering's own recursion.
void Lowerer::check_inlinable(const Decl& f, bool handler, Span span) {
    auto first = std::find_if(frames_.begin(), frames_.end(),
                              [&](const Frame& fr) { return fr.function == f.name; });
    if (first != frames_.end()) {
        std::vector<std::string> chain;
        for (auto fr = first; fr != frames_.end(); ++fr)
            chain.push_back(fr->function);
        chain.push_back(f.name);
        std::string cycle = fmt::format("{}", fmt::join(chain, " -> "));
        if (handler)
            fail(span, fmt::format("recursive local run of handler `{}`: {}", f.name, cycle),
                 "an IPI to the own CPU runs the handler inline; recursion is not supported");
        fail(span, fmt::format("recursive call of `{}`: {}", f.name, cycle),
             "functions are inlined; recursion is not supported");
    }
    if (frames_.size() > kMaxCallDepth)
        fail(span, fmt::format("calls nested too deeply: more than {} levels", kMaxCallDepth),
             handler ? "an IPI to the own CPU runs the handler inline; flatten the chain of calls"
                     : "functions are inlined; flatten the chain of calls");
}

Value Lowerer::inline_function(const Expr& e, const Decl& f) {
    check_inlinable(f, false, e.span);
    if (e.args.size() != f.params.size())
        fail(e.span, fmt::format("`{}` takes {} argument{}, not {}", f.name, f.params.size(),
                                 f.params.size() == 1 ? "" : "s", e.args.size()));
    std::vector<ExprId> args;
    for (std::size_t i = 0; i < e.args.size(); ++i) {
        Value v = value(*e.args[i]);
        TypeId pt = resolve_type(*f.params[i].type);
        check_assignable(VType{vtype_kind(pt), pt, false}, v, e.args[i]->span);
        args.push_back(v.id);
    }
    return inline_body(f, args, e.span);
}

Value Lowerer::inline_body(const Decl& f, const std::vector<ExprId>& args, Span span) {
    if (++inlined_calls_ > kMaxInstructions) too_large(span);
    VType result_type = VType::of(K::Void);
    std::uint32_t result = kNone;
    if (f.type && f.type->kind != lang::TypeExpr::Kind::Void) {
        TypeId rt = resolve_type(*f.type);
        result_type = VType{vtype_kind(rt), rt, false};
        result = slot_for(local_slots_, static_cast<int>(context_), &f,
                          [&] { return new_local(f.name + ".result", rt, f.name_span, false); });
    }
    std::uint32_t saved_function = current_function_;
    auto found = std::find(program_.functions.begin(), program_.functions.end(), f.name);
    current_function_ = static_cast<std::uint32_t>(found - program_.functions.begin());
    if (found == program_.functions.end()) program_.functions.push_back(f.name);
    scopes_.emplace_back();
    for (std::size_t i = 0; i < f.params.size(); ++i) {
        TypeId pt = resolve_type(*f.params[i].type);
        std::uint32_t slot = slot_for(local_slots_, static_cast<int>(context_), &f.params[i], [&] {
            return new_local(f.params[i].name, pt, f.params[i].span, false);
        });
        emit(InstrKind::Assign, span, node(Op::Local, span, slot), args[i]);
        scopes_.back().names[f.params[i].name] = slot;
        scopes_.back().locals.push_back(slot);
    }
    frames_.push_back(
        {f.name, scopes_.size() - 1, loops_.size(), result, result_type, {}, atomic_});
    block(*f.body);
    if (result != kNone) {
        // Falling off the end of a function that returns a value is a model bug.
        std::string what = fmt::format("`{}` reached its end without returning a value", f.name);
        emit(InstrKind::Assert, f.body->span, const_node(0, f.body->span),
             assert_property(what, f.body->span));
    }
    for (std::uint32_t r : frames_.back().returns)
        patch(r, pc());
    frames_.pop_back();
    emit_zero(scopes_.back().locals, f.span);
    scopes_.pop_back();
    current_function_ = saved_function;
    if (result == kNone) return {kNone, result_type};
    // Copy the result out at once: a second call of `f` in the same
    // expression reuses f's result slot.
    std::uint32_t t = temporary(result_type, span);
    emit(InstrKind::Assign, span, node(Op::Local, span, t), node(Op::Local, span, result));
    emit_zero({result}, span);
    return {node(Op::Local, span, t), result_type};
}

void Lowerer::run_handler_locally(const Decl& handler, ExprId mask, ExprId arg, Span span) {
    check_inlinable(handler, true, span);
    std::uint32_t skip =
        emit(InstrKind::Branch, span, node(Op::MaskTest, span, mask, node(Op::ThisCpu, span)));
    std::uint32_t flags = temporary(VType::of(K::Bool, bool_type_), span);
    emit(InstrKind::Assign, span, node(Op::Local, span, flags), node(Op::IrqsDisabled, span));
    emit(InstrKind::IrqDisable, span);
    std::vector<ExprId> args;
    if (arg != kNone) args.push_back(arg);
    inline_body(handler, args, span);
    emit(InstrKind::IrqRestore, span, node(Op::Local, span, flags));
    patch(skip, pc());
}

} // namespace shootdown::ir

// Lowering of statements into flat code: emission of instructions, the
// entry points (process, handlers, hardware actions, invariants), and the
// statements but calls (lower_calls.cpp) and loops (lower_loops.cpp). Control
// flow becomes jumps; locals are zeroed when their scope ends (so that dead
// values never tell two states apart).
#include <algorithm>

#include <fmt/format.h>

#include "model/ir/bits.hpp"
#include "model/ir/lower_internal.hpp"
#include "model/ir/registry.hpp"

namespace shootdown::ir {

using lang::Decl;
using lang::Expr;
using lang::Span;
using lang::Stmt;
using K = VType::Kind;

// --- emission -----------------------------------------------------------------

std::uint32_t Lowerer::emit(InstrKind kind, Span span, std::uint32_t a, std::uint32_t b,
                            std::uint32_t c, std::uint32_t d) {
    Instr i;
    i.kind = kind;
    i.a = a;
    i.b = b;
    i.c = c;
    i.d = d;
    i.span = span;
    i.function = current_function_;
    if (program_.code.size() >= kMaxInstructions) too_large(span);
    // A step of its own (instructions.def's access column).
    const InstrInfo& info = ir::info(kind);
    const auto ops = operands(i);
    switch (info.access) {
    case Access::Never:
        break;
    case Access::Always:
        i.touches_memory = true;
        break;
    case Access::Operands:
        for (std::size_t k = 0; k < ops.size(); ++k)
            if ((info.roles[k] == Role::Expr || info.roles[k] == Role::Target) && ops[k] != kNone)
                i.touches_memory = i.touches_memory || expr_touches_memory(ops[k]);
        break;
    }
    program_.code.push_back(i);
    return static_cast<std::uint32_t>(program_.code.size() - 1);
}

// Inlining can multiply code exponentially (each function calling the one
// before twice): past a limit the lowering reports it once and gives up.
void Lowerer::too_large(Span span) {
    if (!too_large_)
        diagnostics_.error(
            span,
            fmt::format("the model is too large: more than {} instructions or inlined calls",
                        kMaxInstructions),
            "functions are inlined at every call; call fewer of them, or from fewer places");
    too_large_ = true;
    throw LoweringError{};
}

void Lowerer::patch(std::uint32_t instr, std::uint32_t target) {
    Instr& i = program_.code[instr];
    if (i.kind == InstrKind::Jump)
        i.a = target;
    else
        i.b = target; // Branch
}

void Lowerer::emit_zero(const std::vector<std::uint32_t>& locals, Span span) {
    if (locals.empty()) return;
    auto begin = static_cast<std::uint32_t>(program_.zero_lists.size());
    program_.zero_lists.insert(program_.zero_lists.end(), locals.begin(), locals.end());
    emit(InstrKind::ZeroLocals, span, begin, static_cast<std::uint32_t>(locals.size()));
}

void Lowerer::release_temps(std::size_t mark, Span span) {
    if (temps_in_use_.size() <= mark) return;
    std::vector<std::uint32_t> temps(temps_in_use_.begin() + static_cast<std::ptrdiff_t>(mark),
                                     temps_in_use_.end());
    temps_in_use_.resize(mark);
    emit_zero(temps, span);
    for (std::uint32_t t : temps)
        temp_pool_[{static_cast<int>(context_), program_.locals[t].type}].push_back(t);
}

// The condition's temporaries are dead on both paths of a branch: the branch
// itself resets them.
void Lowerer::attach_temps(std::size_t mark, std::uint32_t branch) {
    Instr& b = program_.code[branch];
    b.zero_begin = static_cast<std::uint32_t>(program_.zero_lists.size());
    b.zero_count = static_cast<std::uint32_t>(temps_in_use_.size() - mark);
    for (std::size_t i = mark; i < temps_in_use_.size(); ++i) {
        std::uint32_t t = temps_in_use_[i];
        program_.zero_lists.push_back(t);
        temp_pool_[{static_cast<int>(context_), program_.locals[t].type}].push_back(t);
    }
    temps_in_use_.resize(mark);
}

std::vector<std::uint32_t> Lowerer::locals_from(std::size_t depth) const {
    std::vector<std::uint32_t> out;
    for (std::size_t i = depth; i < scopes_.size(); ++i)
        out.insert(out.end(), scopes_[i].locals.begin(), scopes_[i].locals.end());
    return out;
}

TypeId Lowerer::cpumask_type() {
    if (cpumask_type_ == kNone) {
        Type t;
        t.kind = Type::Kind::Cpumask;
        t.hi = static_cast<std::int64_t>(mask_of(static_cast<std::uint8_t>(program_.cpus)));
        t.name = "cpumask";
        cpumask_type_ = add_type(t);
    }
    return cpumask_type_;
}

VType::Kind Lowerer::vtype_kind(TypeId t) const {
    return kind_of(program_.types[t].kind);
}

// --- entry points ---------------------------------------------------------------

void Lowerer::lower_process(const Decl& d) {
    context_ = ContextKind::Main;
    in_cpu_code_ = true;
    atomic_ = false;
    program_.functions.push_back("process");
    current_function_ = static_cast<std::uint32_t>(program_.functions.size() - 1);
    program_.process_entry = pc();
    frames_.push_back({"process", 0, 0, kNone, VType::of(K::Void), {}, false});
    scopes_.emplace_back();
    block(*d.body);
    for (std::uint32_t r : frames_.back().returns)
        patch(r, pc());
    emit_zero(locals_from(0), d.span);
    scopes_.clear();
    frames_.clear();
    emit(InstrKind::Halt, d.span);
}

void Lowerer::lower_handler(const Decl& d, std::uint32_t id) {
    context_ = ContextKind::Irq;
    in_cpu_code_ = true;
    atomic_ = false;
    program_.functions.push_back(d.name);
    current_function_ = static_cast<std::uint32_t>(program_.functions.size() - 1);
    Handler h;
    h.name = d.name;
    h.span = d.span;
    h.entry = pc();
    scopes_.emplace_back();
    if (!d.params.empty()) {
        try {
            h.param_type = resolve_type(*d.params[0].type);
            h.param_local = slot_for(local_slots_, static_cast<int>(context_), &d.params[0], [&] {
                return new_local(d.params[0].name, h.param_type, d.params[0].span, false);
            });
            scopes_.back().names[d.params[0].name] = h.param_local;
            scopes_.back().locals.push_back(h.param_local);
        } catch (const LoweringError&) {}
    }
    program_.irq_handlers.push_back(h);
    frames_.push_back({d.name, 0, 0, kNone, VType::of(K::Void), {}, false});
    block(*d.body);
    for (std::uint32_t r : frames_.back().returns)
        patch(r, pc());
    emit_zero(locals_from(0), d.span);
    scopes_.clear();
    frames_.clear();
    emit(InstrKind::Iret, d.span);
    (void)id;
}

void Lowerer::lower_hardware(const Decl& d, std::uint32_t id) {
    context_ = ContextKind::Hardware;
    in_cpu_code_ = true;
    program_.functions.push_back(d.name);
    current_function_ = static_cast<std::uint32_t>(program_.functions.size() - 1);
    Handler h;
    h.name = d.name;
    h.span = d.span;
    h.entry = pc();
    program_.hardware_actions.push_back(h);
    emit(InstrKind::AtomicBegin, d.span);
    atomic_ = true;
    frames_.push_back({d.name, 0, 0, kNone, VType::of(K::Void), {}, true});
    scopes_.emplace_back();
    block(*d.body);
    for (std::uint32_t r : frames_.back().returns)
        patch(r, pc());
    emit_zero(locals_from(0), d.span);
    scopes_.clear();
    frames_.clear();
    atomic_ = false;
    emit(InstrKind::AtomicEnd, d.span);
    emit(InstrKind::HardwareEnd, d.span);
    (void)id;
}

void Lowerer::lower_invariant(const Decl& d) {
    in_cpu_code_ = false;
    atomic_ = true;
    std::uint32_t before = pc();
    try {
        Value c = condition(*d.value);
        if (pc() != before)
            fail(d.value->span, "an invariant cannot call functions or change state",
                 "use only variables, operators, quantifiers and pure builtins");
        program_.invariants.push_back({d.name, c.id, d.span});
    } catch (const LoweringError&) {}
    atomic_ = false;
}

// A statistic is an integer (or bool) over the state, reported as its
// maximum over every reachable state: e.g. a ghost count of redundant syncs.
void Lowerer::lower_statistic(const Decl& d) {
    in_cpu_code_ = false;
    atomic_ = true;
    std::uint32_t before = pc();
    try {
        Value v = value(*d.value);
        if (v.type.kind != VType::Kind::Int && v.type.kind != VType::Kind::Bool)
            fail(d.value->span, fmt::format("a statistic must be an integer or a bool, not {}",
                                            type_name(v.type)));
        if (pc() != before)
            fail(d.value->span, "a statistic cannot call functions or change state",
                 "use only variables, operators, quantifiers and pure builtins");
        program_.statistics.push_back({d.name, v.id, d.span});
    } catch (const LoweringError&) {}
    atomic_ = false;
}

// --- statements -------------------------------------------------------------------

void Lowerer::block(const Stmt& s) {
    if (s.kind != Stmt::Kind::Block) {
        statement_guarded(s);
        return;
    }
    scopes_.emplace_back();
    for (const auto& child : s.body)
        statement_guarded(*child);
    emit_zero(scopes_.back().locals, s.span);
    scopes_.pop_back();
}

void Lowerer::statement_guarded(const Stmt& s) {
    std::size_t scopes = scopes_.size(), loops = loops_.size(), frames = frames_.size();
    std::size_t temps = temps_in_use_.size();
    bool atomic = atomic_;
    std::uint32_t function = current_function_;
    try {
        statement(s);
    } catch (const LoweringError&) {
        if (too_large_) throw; // abandon all code: see too_large()
        scopes_.resize(scopes);
        loops_.resize(loops);
        frames_.resize(frames);
        temps_in_use_.resize(temps);
        atomic_ = atomic;
        current_function_ = function;
        bound_names_.clear();
        bound_types_.clear();
        lvalue_mode_ = false;
    }
}

void Lowerer::statement(const Stmt& s) {
    std::size_t mark = temps_in_use_.size();
    switch (s.kind) {
    case Stmt::Kind::Block:
        block(s);
        return;
    case Stmt::Kind::Local:
        local_decl(s);
        break;
    case Stmt::Kind::Assign:
        assignment(s);
        break;
    case Stmt::Kind::Call:
        call_statement(*s.value);
        break;
    case Stmt::Kind::If:
        if_statement(s);
        return;
    case Stmt::Kind::While:
        while_loop(s);
        return;
    case Stmt::Kind::ForIn:
        for_in(s);
        return;
    case Stmt::Kind::ForEachCpu:
        for_each_cpu(s);
        return;
    case Stmt::Kind::Either:
        either(s);
        return;
    case Stmt::Kind::Choose:
        choose(s);
        return;
    case Stmt::Kind::Atomic:
        atomic(s);
        return;
    case Stmt::Kind::Await: {
        bool was = atomic_;
        atomic_ = true; // the condition is read in one step
        std::uint32_t before = pc();
        Value c = condition(*s.value);
        atomic_ = was;
        if (pc() != before) fail(s.value->span, "an await condition cannot call functions");
        emit(InstrKind::Await, s.span, c.id);
        return;
    }
    case Stmt::Kind::Assert: {
        Value c = condition(*s.value);
        std::string name =
            s.message.empty() ? fmt::format("assert at {}", sources_->location(s.span)) : s.message;
        emit(InstrKind::Assert, s.span, c.id, assert_property(name, s.span));
        break;
    }
    case Stmt::Kind::Return:
        return_statement(s);
        return;
    case Stmt::Kind::Break:
        jump_out(s, true);
        return;
    case Stmt::Kind::Continue:
        jump_out(s, false);
        return;
    case Stmt::Kind::Skip:
        return;
    }
    release_temps(mark, s.span);
}

void Lowerer::local_decl(const Stmt& s) {
    TypeId type = resolve_type(*s.type);
    if (scopes_.back().names.count(s.name))
        fail(s.name_span, fmt::format("`{}` is already declared in this block", s.name));
    std::uint32_t slot = slot_for(local_slots_, static_cast<int>(context_), &s,
                                  [&] { return new_local(s.name, type, s.name_span, false); });
    if (s.value) {
        Value v = value(*s.value);
        check_assignable(VType{vtype_kind(type), type, false}, v, s.value->span);
        emit(InstrKind::Assign, s.span, node(Op::Local, s.name_span, slot), v.id);
    }
    scopes_.back().names[s.name] = slot;
    scopes_.back().locals.push_back(slot);
}

void Lowerer::store(const Expr& target, const Expr& value_expr, Span span) {
    Value v = value(value_expr);
    Value t = lvalue(target);
    check_assignable(t.type, v, value_expr.span);
    emit(InstrKind::Assign, span, t.id, v.id);
}

void Lowerer::assignment(const Stmt& s) {
    if (s.op == "=") return store(*s.target, *s.value, s.span);
    // x op= v: the target's indexes are read once; a memory target is read
    // in one step and written in the next (not an atomic update).
    Value t = lvalue(*s.target);
    if (t.type.kind != K::Int)
        fail(s.target->span, fmt::format("`{}` needs an integer variable", s.op));
    Value old = t;
    const ExprNode& n = program_.exprs[t.id];
    if (!atomic_ && n.op == Op::Global && is_memory_variable(n.a)) old = hoist(t, s.target->span);
    ExprId delta = s.value ? value(*s.value).id : const_node(1, s.span);
    Op op = (s.op == "+=" || s.op == "++") ? Op::Add : Op::Sub;
    emit(InstrKind::Assign, s.span, t.id, node(op, s.span, old.id, delta));
}

void Lowerer::if_statement(const Stmt& s) {
    std::size_t mark = temps_in_use_.size();
    Value c = condition(*s.value);
    std::uint32_t branch = emit(InstrKind::Branch, s.span, c.id);
    attach_temps(mark, branch);
    block(*s.body[0]);
    if (s.body.size() > 1) {
        std::uint32_t jump = emit(InstrKind::Jump, s.span);
        patch(branch, pc());
        block(*s.body[1]);
        patch(jump, pc());
    } else {
        patch(branch, pc());
    }
}

void Lowerer::either(const Stmt& s) {
    auto begin = static_cast<std::uint32_t>(program_.fork_targets.size());
    auto n = static_cast<std::uint32_t>(s.body.size());
    program_.fork_targets.resize(begin + n);
    emit(InstrKind::Fork, s.span, begin, n);
    std::vector<std::uint32_t> ends;
    for (std::uint32_t i = 0; i < n; ++i) {
        program_.fork_targets[begin + i] = pc();
        block(*s.body[i]);
        if (i + 1 < n) ends.push_back(emit(InstrKind::Jump, s.span));
    }
    for (std::uint32_t j : ends)
        patch(j, pc());
}

void Lowerer::choose(const Stmt& s) {
    TypeId t = resolve_type(*s.type);
    if (program_.types[t].kind == Type::Kind::Cpumask)
        fail(s.type->span, "cannot choose a cpumask");
    scopes_.emplace_back();
    std::uint32_t var = slot_for(local_slots_, static_cast<int>(context_), &s,
                                 [&] { return new_local(s.name, t, s.name_span, false); });
    scopes_.back().names[s.name] = var;
    scopes_.back().locals.push_back(var);
    emit(InstrKind::Choose, s.span, var);
    if (s.value) {
        std::size_t mark = temps_in_use_.size();
        Value c = condition(*s.value);
        emit(InstrKind::Filter, s.value->span, c.id);
        release_temps(mark, s.span);
    }
    block(*s.body[0]);
    emit_zero(scopes_.back().locals, s.span);
    scopes_.pop_back();
}

void Lowerer::atomic(const Stmt& s) {
    if (atomic_) return block(*s.body[0]);
    emit(InstrKind::AtomicBegin, s.span);
    atomic_ = true;
    block(*s.body[0]);
    atomic_ = false;
    emit(InstrKind::AtomicEnd, s.span);
}

void Lowerer::return_statement(const Stmt& s) {
    // A copy: the value may call a function, whose frame can move frames_.
    const Frame f = frames_.back();
    if (atomic_ && !f.atomic)
        fail(s.span, "cannot return from inside `atomic`", "end the atomic block first");
    if (s.value) {
        if (f.result_local == kNone)
            fail(s.value->span, fmt::format("`{}` returns no value", f.function));
        std::size_t mark = temps_in_use_.size();
        Value v = value(*s.value);
        check_assignable(f.result_type, v, s.value->span);
        emit(InstrKind::Assign, s.span, node(Op::Local, s.span, f.result_local), v.id);
        release_temps(mark, s.span);
    } else if (f.result_local != kNone) {
        fail(s.span, fmt::format("`{}` must return a value", f.function));
    }
    emit_zero(locals_from(f.scope_depth + 1), s.span);
    frames_.back().returns.push_back(emit(InstrKind::Jump, s.span));
}

void Lowerer::jump_out(const Stmt& s, bool is_break) {
    const char* word = is_break ? "break" : "continue";
    if (loops_.empty() || loops_.back().frame_depth != frames_.size())
        fail(s.span, fmt::format("`{}` outside a loop", word));
    if (loops_.back().atomic != atomic_)
        fail(s.span, fmt::format("cannot `{}` out of an `atomic` block", word));
    emit_zero(locals_from(loops_.back().scope_depth), s.span);
    std::uint32_t j = emit(InstrKind::Jump, s.span);
    (is_break ? loops_.back().breaks : loops_.back().continues).push_back(j);
}

} // namespace shootdown::ir

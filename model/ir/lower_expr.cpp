// Lowering of expressions: name resolution, type checks, and hoisting of
// memory reads. Outside `atomic` every read of shared or hardware state
// becomes its own instruction (one memory access per step); inside `atomic`,
// hardware actions, awaits and invariants, reads stay in the expression.
#include <fmt/format.h>

#include "model/ir/bits.hpp"
#include "model/ir/lower_internal.hpp"

namespace shootdown::ir {

using lang::Expr;
using lang::Span;
using K = VType::Kind;

namespace {

// The static type of a value of declared type `id` (one mapping, shared
// with Lowerer::vtype_kind).
VType vtype_of(const Type& t, TypeId id) {
    return VType::of(kind_of(t.kind), id);
}

// Builtins that read nothing but their arguments (their registry row says so).
bool is_pure_builtin(const std::string& n) {
    const Builtin* b = find_builtin(n);
    return b && b->pure;
}

} // namespace

ExprId Lowerer::node(Op op, Span span, std::uint32_t a, std::uint32_t b, std::uint32_t c,
                     std::uint32_t d, std::int64_t v) {
    ExprNode n;
    n.op = op;
    n.a = a;
    n.b = b;
    n.c = c;
    n.d = d;
    n.value = v;
    n.span = span;
    program_.exprs.push_back(n);
    return static_cast<ExprId>(program_.exprs.size() - 1);
}

bool Lowerer::is_memory_variable(std::uint32_t var) const {
    return program_.variables[var].storage != Storage::Ghost;
}

bool Lowerer::expr_touches_memory(ExprId id) const {
    if (id == kNone) return false;
    const ExprNode& n = program_.exprs[id];
    if (n.op == Op::Global && is_memory_variable(n.a)) return true;
    if (n.op == Op::Const || n.op == Op::Local || n.op == Op::Bound) return false;
    if (n.op == Op::Global)
        return expr_touches_memory(n.b) || expr_touches_memory(n.c) || expr_touches_memory(n.d);
    if (n.op == Op::Forall || n.op == Op::Exists) return expr_touches_memory(n.b);
    return expr_touches_memory(n.a) || expr_touches_memory(n.b) || expr_touches_memory(n.c);
}

std::string Lowerer::type_name(VType t) const {
    if (t.literal) return "integer";
    if (t.kind == K::Void) return "void";
    if (t.id != kNone) return program_.types[t.id].name;
    switch (t.kind) {
    case K::Bool:
        return "bool";
    case K::Int:
        return "int";
    default:
        return "?";
    }
}

bool Lowerer::compatible(VType target, VType v) const {
    if (target.kind == K::Error || v.kind == K::Error) return true;
    switch (target.kind) {
    case K::Bool:
        return v.kind == K::Bool;
    case K::Int:
        return v.kind == K::Int;
    case K::Enum:
        return v.kind == K::Enum && v.id == target.id;
    case K::Scalarset:
        return (v.kind == K::Scalarset && v.id == target.id) || v.literal;
    case K::Cpumask:
        return v.kind == K::Cpumask || v.literal;
    default:
        return false;
    }
}

void Lowerer::check_assignable(VType target, const Value& v, Span span) {
    if (v.type.kind == K::Void) fail(span, "this call returns no value");
    if (!compatible(target, v.type))
        fail(span, fmt::format("type mismatch: expected {}, found {}", type_name(target),
                               type_name(v.type)));
}

TypeId Lowerer::storage_type(VType t, Span span) {
    if (t.id != kNone) return t.id;
    if (t.kind == K::Bool) return bool_type_;
    fail(span, "this value needs a bounded type to be kept between steps",
         "assign it to a variable declared with a range first");
}

std::uint32_t Lowerer::new_local(const std::string& name, TypeId type, Span span, bool temp) {
    Local l;
    l.name = name;
    l.type = type;
    l.context = context_;
    l.width = program_.types[type].bits();
    l.offset = locals_bits_[static_cast<int>(context_)];
    locals_bits_[static_cast<int>(context_)] += l.width;
    l.temporary = temp;
    l.span = span;
    program_.locals.push_back(l);
    return static_cast<std::uint32_t>(program_.locals.size() - 1);
}

std::uint32_t Lowerer::temporary(VType type, Span span) {
    TypeId t = storage_type(type, span);
    auto& pool = temp_pool_[{static_cast<int>(context_), t}];
    std::uint32_t id;
    if (pool.empty()) {
        id = new_local(fmt::format("tmp{}", program_.locals.size()), t, span, true);
    } else {
        id = pool.back();
        pool.pop_back();
    }
    temps_in_use_.push_back(id);
    return id;
}

Value Lowerer::hoist(Value v, Span span) {
    std::uint32_t t = temporary(v.type, span);
    ExprId target = node(Op::Local, span, t);
    emit(InstrKind::Assign, span, target, v.id);
    return {node(Op::Local, span, t), v.type};
}

const Expr& Lowerer::strip_address(const Expr& e) {
    return e.kind == Expr::Kind::AddressOf ? *e.args[0] : e;
}

void Lowerer::expect_args(const Expr& e, std::size_t n) {
    if (e.args.size() != n)
        fail(e.span, fmt::format("`{}` takes {} argument{}, not {}", e.name, n, n == 1 ? "" : "s",
                                 e.args.size()));
}

bool Lowerer::reads_memory(const Expr& e) {
    switch (e.kind) {
    case Expr::Kind::Name: {
        for (std::size_t i = scopes_.size(); i-- > 0;)
            if (scopes_[i].names.count(e.name)) return false;
        auto it = variables_.find(e.name);
        return it != variables_.end() && is_memory_variable(it->second);
    }
    case Expr::Kind::Call:
        if (!is_pure_builtin(e.name)) return true;
        break;
    default:
        break;
    }
    for (const auto& a : e.args)
        if (reads_memory(*a)) return true;
    return false;
}

Value Lowerer::value(const Expr& e) {
    switch (e.kind) {
    case Expr::Kind::Integer:
        return {const_node(e.value, e.span), {K::Int, kNone, true}};
    case Expr::Kind::Bool:
        return {const_node(e.value, e.span), VType::of(K::Bool, bool_type_)};
    case Expr::Kind::ThisCpu:
        if (!in_cpu_code_)
            fail(e.span, "`this_cpu` is only defined in code that runs on a CPU",
                 "in an invariant, quantify: `forall c: cpu. ...`");
        return {node(Op::ThisCpu, e.span), VType::of(K::Scalarset, cpu_type_)};
    case Expr::Kind::Name:
        return name(e);
    case Expr::Kind::Index:
        return index(e);
    case Expr::Kind::Unary:
        return unary(e);
    case Expr::Kind::Binary:
        return e.op == "&&" || e.op == "||" ? short_circuit(e) : binary(e);
    case Expr::Kind::Ternary:
        return ternary(e);
    case Expr::Kind::Call:
        return call(e, false);
    case Expr::Kind::Quantifier:
        return quantifier(e);
    case Expr::Kind::AddressOf:
        fail(e.span, "`&` only marks the location argument of a builtin",
             "write `atomic_inc(&x)`; elsewhere use the variable itself");
    }
    fail(e.span, "unsupported expression");
}

Value Lowerer::condition(const Expr& e) {
    Value v = value(e);
    if (v.type.kind != K::Bool && v.type.kind != K::Error)
        fail(e.span, fmt::format("a condition must be bool, not {}", type_name(v.type)),
             v.type.kind == K::Int ? "compare it, e.g. `x != 0`" : "");
    return v;
}

Value Lowerer::name(const Expr& e) {
    for (std::size_t i = bound_names_.size(); i-- > 0;) {
        if (bound_names_[i] == e.name) {
            TypeId t = bound_types_[i];
            return {node(Op::Bound, e.span, static_cast<std::uint32_t>(i)),
                    vtype_of(program_.types[t], t)};
        }
    }
    std::size_t floor = frames_.empty() ? 0 : frames_.back().scope_depth;
    for (std::size_t i = scopes_.size(); i-- > floor;) {
        auto it = scopes_[i].names.find(e.name);
        if (it != scopes_[i].names.end()) {
            const Local& l = program_.locals[it->second];
            return {node(Op::Local, e.span, it->second), vtype_of(program_.types[l.type], l.type)};
        }
    }
    if (auto it = params_.find(e.name); it != params_.end())
        return {const_node(it->second, e.span), {K::Int, kNone, true}};
    if (auto it = enum_constants_.find(e.name); it != enum_constants_.end())
        return {const_node(it->second.second, e.span), VType::of(K::Enum, it->second.first)};
    if (e.name == "cpu_all_mask" || e.name == "cpu_online_mask") {
        auto all = static_cast<std::int64_t>(mask_of(static_cast<std::uint8_t>(program_.cpus)));
        return {const_node(all, e.span), VType::of(K::Cpumask, cpumask_type())};
    }
    if (auto it = variables_.find(e.name); it != variables_.end())
        return global_access(e, it->second, {});
    if (functions_.count(e.name))
        fail(e.span, fmt::format("`{}` is a function; call it with `{}(...)`", e.name, e.name));
    check_not_poisoned(e.name);
    std::vector<std::string> names;
    for (const auto& [n, s] : declared_)
        names.push_back(n);
    for (std::size_t i = floor; i < scopes_.size(); ++i)
        for (const auto& [n, id] : scopes_[i].names)
            names.push_back(n);
    std::string hint = closest_name(e.name, names);
    fail(e.span, fmt::format("unknown name `{}`", e.name),
         hint.empty() ? "" : fmt::format("did you mean `{}`?", hint));
}

Value Lowerer::index(const Expr& e) {
    std::vector<const Expr*> indexes;
    const Expr* base = &e;
    while (base->kind == Expr::Kind::Index) {
        indexes.insert(indexes.begin(), base->args[1].get());
        base = base->args[0].get();
    }
    if (base->kind == Expr::Kind::Name) {
        bool shadowed = false;
        for (std::size_t i = scopes_.size(); i-- > 0;)
            if (scopes_[i].names.count(base->name)) shadowed = true;
        auto it = variables_.find(base->name);
        if (!shadowed && it != variables_.end()) return global_access(e, it->second, indexes);
        if (!shadowed) check_not_poisoned(base->name);
    }
    fail(base->span, "only global arrays can be indexed",
         "a cpumask is tested with `cpumask_test_cpu(c, mask)`");
}

Value Lowerer::global_access(const Expr& e, std::uint32_t var, std::vector<const Expr*> indexes) {
    const Variable& v = program_.variables[var];
    std::size_t dims = v.index_types.size();
    std::vector<ExprId> ids;
    if (v.per_cpu && indexes.size() + 1 == dims) {
        if (!in_cpu_code_)
            fail(e.span, fmt::format("per-CPU variable `{}` needs a CPU index here", v.name),
                 fmt::format("write `{}[c]` with `c` bound by `forall c: cpu.`", v.name));
        ids.push_back(node(Op::ThisCpu, e.span));
    }
    if (ids.size() + indexes.size() != dims)
        fail(e.span, dims == 0 ? fmt::format("`{}` is not an array", v.name)
                               : fmt::format("`{}` needs {} index{}, not {}", v.name, dims,
                                             dims == 1 ? "" : "es", indexes.size()));
    // Only the final access of an assignment target stays in the assigning
    // instruction; reads in its indexes are steps of their own as usual.
    bool target = lvalue_mode_;
    lvalue_mode_ = false;
    for (const Expr* ix : indexes) {
        Value iv;
        try {
            iv = value(*ix);
        } catch (...) {
            lvalue_mode_ = target;
            throw;
        }
        TypeId want = v.index_types[ids.size()];
        if (!compatible(vtype_of(program_.types[want], want), iv.type))
            fail(ix->span, fmt::format("`{}` is indexed by {}, not {}", v.name,
                                       program_.types[want].name, type_name(iv.type)));
        ids.push_back(iv.id);
    }
    lvalue_mode_ = target;
    while (ids.size() < 3)
        ids.push_back(kNone);
    Value r{node(Op::Global, e.span, var, ids[0], ids[1], ids[2]),
            vtype_of(program_.types[v.type], v.type)};
    if (!atomic_ && is_memory_variable(var) && !lvalue_mode_) r = hoist(r, e.span);
    return r;
}

Value Lowerer::lvalue(const Expr& target) {
    const Expr& e = strip_address(target);
    if (e.kind != Expr::Kind::Name && e.kind != Expr::Kind::Index)
        fail(e.span, "expected a variable to assign to");
    if (e.kind == Expr::Kind::Name) {
        for (const std::string& b : bound_names_)
            if (b == e.name)
                fail(e.span,
                     fmt::format("`{}` is a quantified name and cannot be assigned", e.name));
        if (params_.count(e.name) || enum_constants_.count(e.name))
            fail(e.span, fmt::format("`{}` is a constant and cannot be assigned", e.name));
    }
    lvalue_mode_ = true;
    Value v;
    try {
        v = e.kind == Expr::Kind::Name ? name(e) : index(e);
    } catch (...) {
        lvalue_mode_ = false;
        throw;
    }
    lvalue_mode_ = false;
    return v;
}

Value Lowerer::unary(const Expr& e) {
    Value a = value(*e.args[0]);
    if (e.op == "!") {
        if (a.type.kind != K::Bool)
            fail(e.span, fmt::format("`!` needs a bool, not {}", type_name(a.type)));
        return {node(Op::Not, e.span, a.id), a.type};
    }
    if (e.op == "-") {
        if (a.type.kind != K::Int)
            fail(e.span, fmt::format("`-` needs an integer, not {}", type_name(a.type)));
        return {node(Op::Neg, e.span, a.id), {K::Int, kNone, a.type.literal}};
    }
    if (a.type.kind == K::Cpumask) {
        auto all = static_cast<std::int64_t>(mask_of(static_cast<std::uint8_t>(program_.cpus)));
        return {node(Op::BitAnd, e.span, node(Op::BitNot, e.span, a.id), const_node(all, e.span)),
                a.type};
    }
    if (a.type.kind != K::Int)
        fail(e.span, fmt::format("`~` needs a cpumask or an integer, not {}", type_name(a.type)));
    return {node(Op::BitNot, e.span, a.id), VType::of(K::Int)};
}

Value Lowerer::binary(const Expr& e) {
    Value l = value(*e.args[0]);
    Value r = value(*e.args[1]);
    const std::string& op = e.op;
    auto mismatch = [&](const char* what) {
        fail(e.span, fmt::format("`{}` {}: found {} and {}", op, what, type_name(l.type),
                                 type_name(r.type)));
    };
    if (l.type.kind == K::Error || r.type.kind == K::Error)
        return {const_node(0, e.span), VType::error()};
    static const std::pair<const char*, Op> arithmetic[] = {
        {"+", Op::Add}, {"-", Op::Sub},  {"*", Op::Mul}, {"/", Op::Div},
        {"%", Op::Mod}, {"<<", Op::Shl}, {">>", Op::Shr}};
    for (auto [name, o] : arithmetic) {
        if (op != name) continue;
        if (l.type.kind != K::Int || r.type.kind != K::Int) mismatch("needs integers");
        return {node(o, e.span, l.id, r.id), {K::Int, kNone, l.type.literal && r.type.literal}};
    }
    if (op == "==" || op == "!=") {
        if (!compatible(l.type, r.type) && !compatible(r.type, l.type))
            mismatch("compares values of different types");
        return {node(op == "==" ? Op::Eq : Op::Ne, e.span, l.id, r.id),
                VType::of(K::Bool, bool_type_)};
    }
    static const std::pair<const char*, Op> order[] = {
        {"<", Op::Lt}, {"<=", Op::Le}, {">", Op::Gt}, {">=", Op::Ge}};
    for (auto [name, o] : order) {
        if (op != name) continue;
        if (l.type.kind != K::Int || r.type.kind != K::Int) mismatch("needs integers");
        return {node(o, e.span, l.id, r.id), VType::of(K::Bool, bool_type_)};
    }
    static const std::pair<const char*, Op> bitwise[] = {
        {"&", Op::BitAnd}, {"|", Op::BitOr}, {"^", Op::BitXor}};
    for (auto [name, o] : bitwise) {
        if (op != name) continue;
        bool ok =
            (l.type.kind == r.type.kind &&
             (l.type.kind == K::Cpumask || l.type.kind == K::Int || l.type.kind == K::Bool)) ||
            (l.type.kind == K::Cpumask && r.type.literal) ||
            (r.type.kind == K::Cpumask && l.type.literal);
        if (!ok) mismatch("needs two cpumasks, two integers or two bools");
        VType t = l.type.kind == K::Cpumask ? l.type : r.type;
        if (t.kind == K::Int) t = VType::of(K::Int);
        return {node(o, e.span, l.id, r.id), t};
    }
    fail(e.span, fmt::format("unsupported operator `{}`", op));
}

Value Lowerer::short_circuit(const Expr& e) {
    bool is_and = e.op == "&&";
    auto check_bool = [&](const Value& v, const Expr& x) {
        if (v.type.kind != K::Bool && v.type.kind != K::Error)
            fail(x.span, fmt::format("`{}` needs bools, found {}", e.op, type_name(v.type)));
    };
    if (atomic_ || !reads_memory(*e.args[1])) {
        Value l = value(*e.args[0]);
        check_bool(l, *e.args[0]);
        Value r = value(*e.args[1]);
        check_bool(r, *e.args[1]);
        return {node(is_and ? Op::And : Op::Or, e.span, l.id, r.id),
                VType::of(K::Bool, bool_type_)};
    }
    // The right operand reads memory: it is evaluated (as its own step) only
    // when the left one does not decide, as in C.
    VType b = VType::of(K::Bool, bool_type_);
    std::uint32_t t = temporary(b, e.span);
    Value l = value(*e.args[0]);
    check_bool(l, *e.args[0]);
    emit(InstrKind::Assign, e.span, node(Op::Local, e.span, t), l.id);
    ExprId test = node(Op::Local, e.span, t);
    if (!is_and) test = node(Op::Not, e.span, test);
    std::uint32_t branch = emit(InstrKind::Branch, e.span, test);
    Value r = value(*e.args[1]);
    check_bool(r, *e.args[1]);
    emit(InstrKind::Assign, e.span, node(Op::Local, e.span, t), r.id);
    patch(branch, pc());
    return {node(Op::Local, e.span, t), b};
}

Value Lowerer::ternary(const Expr& e) {
    Value c = condition(*e.args[0]);
    if (atomic_ || (!reads_memory(*e.args[1]) && !reads_memory(*e.args[2]))) {
        Value a = value(*e.args[1]);
        Value b = value(*e.args[2]);
        if (!compatible(a.type, b.type) && !compatible(b.type, a.type))
            fail(e.span, fmt::format("the branches have different types: {} and {}",
                                     type_name(a.type), type_name(b.type)));
        VType t = a.type.literal ? b.type : a.type;
        return {node(Op::Cond, e.span, c.id, a.id, b.id), t};
    }
    std::uint32_t branch = emit(InstrKind::Branch, e.span, c.id);
    Value a = value(*e.args[1]);
    std::uint32_t t = temporary(a.type, e.span);
    emit(InstrKind::Assign, e.span, node(Op::Local, e.span, t), a.id);
    std::uint32_t jump = emit(InstrKind::Jump, e.span);
    patch(branch, pc());
    Value b = value(*e.args[2]);
    check_assignable(a.type, b, e.args[2]->span);
    emit(InstrKind::Assign, e.span, node(Op::Local, e.span, t), b.id);
    patch(jump, pc());
    return {node(Op::Local, e.span, t), a.type};
}

Value Lowerer::quantifier(const Expr& e) {
    auto it = types_.find(e.type_name);
    if (it == types_.end()) {
        check_not_poisoned(e.type_name);
        std::vector<std::string> names;
        for (const auto& [n, id] : types_)
            names.push_back(n);
        std::string hint = closest_name(e.type_name, names);
        fail(e.type_span, fmt::format("unknown type `{}`", e.type_name),
             hint.empty() ? "a quantifier ranges over a scalarset, the CPU type or an enum"
                          : fmt::format("did you mean `{}`?", hint));
    }
    const Type t = program_.types[it->second]; // a copy: lowering the body may add types
    if (t.kind == Type::Kind::Cpumask) fail(e.type_span, "cannot quantify over a cpumask");
    if (!atomic_ && reads_memory(*e.args[0]))
        fail(e.span, "a quantifier over shared or hardware state must be inside `atomic`",
             "or in an invariant, where the whole state is read at once");
    if (bound_names_.size() >= 8) fail(e.span, "quantifiers nested too deeply (at most 8)");
    bound_names_.push_back(e.name);
    bound_types_.push_back(it->second);
    Value body;
    try {
        body = condition(*e.args[0]);
    } catch (...) {
        bound_names_.pop_back();
        bound_types_.pop_back();
        throw;
    }
    auto slot = static_cast<std::uint32_t>(bound_names_.size() - 1);
    bound_names_.pop_back();
    bound_types_.pop_back();
    program_.bound_names.emplace_back(e.name, it->second);
    auto name_index = static_cast<std::uint32_t>(program_.bound_names.size() - 1);
    return {node(e.op == "forall" ? Op::Forall : Op::Exists, e.span, slot, body.id, t.size(),
                 name_index, t.lo),
            VType::of(K::Bool, bool_type_)};
}

} // namespace shootdown::ir

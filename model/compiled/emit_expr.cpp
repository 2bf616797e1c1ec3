#include "model/compiled/emit_expr.hpp"

#include <fmt/format.h>

#include "model/ir/memory_models.hpp"
#include "model/ir/registry.hpp"

namespace shootdown::compiled {

using Kind = machine::FieldPlan::Kind;
using ir::Op;

std::string literal(std::int64_t v) {
    if (v == INT64_MIN) return "(INT64_C(-9223372036854775807) - 1)";
    return fmt::format("INT64_C({})", v);
}

std::string ExprEmitter::fresh(const char* prefix) {
    return fmt::format("{}{}", prefix, next_++);
}

std::string ExprEmitter::value(ir::ExprId id) {
    const ir::ExprNode& n = p_.exprs[id];
    const machine::FieldPlan& plan = t_.plans[id];
    switch (n.op) {
    case Op::Const:
        return literal(n.value);
    case Op::Local: {
        const std::string v = fresh("t");
        w_.line("const std::int64_t {} = static_cast<std::int64_t>(get_bits(env.state, "
                "BASE_ + {}u, {})) + {};",
                v, plan.offset, plan.width, literal(plan.lo));
        return v;
    }
    case Op::Global:
        return read_global(id);
    case Op::ThisCpu:
        return "static_cast<std::int64_t>(CPU_)";
    case Op::Bound:
        return fmt::format("env.bound[{}]", n.a);
    case Op::And:
    case Op::Or:
    case Op::MaskTest:
        return short_circuit(n);
    case Op::Forall:
    case Op::Exists:
        return quantifier(n);
    case Op::Div:
    case Op::Mod:
    case Op::Shl:
    case Op::Shr:
    case Op::Cond:
    case Op::IrqsDisabled:
    case Op::InIrq:
        return checked(n);
    case Op::Not:
    case Op::Neg:
    case Op::BitNot:
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge:
    case Op::BitAnd:
    case Op::BitOr:
    case Op::BitXor:
    case Op::MaskOf:
    case Op::MaskWeight:
        return pure(n);
    }
    return "0";
}

// The operators that only compute: operands first, a before b. Their
// registry spelling (operators.def) is the C++ operator, but for the masks.
std::string ExprEmitter::pure(const ir::ExprNode& n) {
    const std::string a = value(n.a);
    const bool binary = ir::info(n.op).shape == ir::Shape::Binary;
    const std::string b = binary ? value(n.b) : "";
    const std::string v = fresh("t");
    if (n.op == Op::MaskOf)
        w_.line("const std::int64_t {0} = {1} >= 0 && {1} < 63 ? std::int64_t{{1}} << {1} : 0;", v,
                a);
    else if (n.op == Op::MaskWeight)
        w_.line("const std::int64_t {} = __builtin_popcountll(static_cast<std::uint64_t>({}));", v,
                a);
    else if (binary)
        w_.line("const std::int64_t {} = {} {} {};", v, a, ir::info(n.op).spelling, b);
    else
        w_.line("const std::int64_t {} = {}{};", v, ir::info(n.op).spelling, a);
    return v;
}

// Division, shifts, ?: and the IRQ state, as eval_node computes them.
std::string ExprEmitter::checked(const ir::ExprNode& n) {
    const std::string v = fresh("t");
    if (n.op == Op::IrqsDisabled) {
        w_.line("const std::int64_t {} = env.in_irq || get(env.state, kIrqsOff, "
                "cpu_base(CPU_)) != 0;",
                v);
        return v;
    }
    if (n.op == Op::InIrq) {
        w_.line("const std::int64_t {} = env.in_irq;", v);
        return v;
    }
    const std::string a = value(n.a);
    w_.line("std::int64_t {};", v);
    if (n.op == Op::Cond) {
        w_.open("if ({}) {{", a);
        w_.line("{} = {};", v, value(n.b));
        w_.close();
        w_.open("else {{");
        w_.line("{} = {};", v, value(n.c));
        w_.close();
        return v;
    }
    const std::string b = value(n.b);
    if (n.op == Op::Div || n.op == Op::Mod) {
        w_.line("if ({} == 0) {{ env.error = kDivisionByZero; {} = 0; }}", b, v);
        w_.line("else {} = {} {} {};", v, a, n.op == Op::Div ? "/" : "%", b);
        return v;
    }
    w_.line("{} = {} {} ({} < 0 ? 0 : {} > 62 ? 62 : {});", v, a, n.op == Op::Shl ? "<<" : ">>", b,
            b, b, b);
    return v;
}

std::string ExprEmitter::short_circuit(const ir::ExprNode& n) {
    const std::string v = fresh("t");
    if (n.op == Op::MaskTest) { // the bit first; the mask only for a bit in range
        const std::string bit = value(n.b);
        w_.line("std::int64_t {} = 0;", v);
        w_.open("if ({0} >= 0 && {0} < 63) {{", bit);
        w_.line("{} = ({} >> {}) & 1;", v, value(n.a), bit);
        w_.close();
        return v;
    }
    const bool is_and = n.op == Op::And;
    const std::string a = value(n.a);
    w_.line("std::int64_t {} = {};", v, is_and ? 0 : 1);
    w_.open("if ({}{}) {{", is_and ? "" : "!", a);
    w_.line("{} = {} != 0;", v, value(n.b));
    w_.close();
    return v;
}

// forall/exists over n.c values from n.value, bound to env.bound[n.a].
std::string ExprEmitter::quantifier(const ir::ExprNode& n) {
    const bool forall = n.op == Op::Forall;
    const std::string v = fresh("t");
    const std::string i = fresh("q");
    w_.line("std::int64_t {} = {};", v, forall ? 1 : 0);
    w_.open("for (std::int64_t {0} = 0; {0} < {1}; ++{0}) {{", i, n.c);
    w_.line("env.bound[{}] = {} + {};", n.a, literal(n.value), i);
    const std::string body = value(n.b);
    w_.line("if (({} != 0) != {}) {{ {} = {}; break; }}", body, forall, v, forall ? 0 : 1);
    w_.close();
    return v;
}

// element_of() for the general plan: the indexes in order, stopping at the
// first out of range.
void ExprEmitter::general_element(const ir::ExprNode& n, std::uint32_t dim,
                                  const std::string& element, const std::string& ok) {
    const machine::VariableAccess& v = t_.variables[n.a];
    if (dim == v.dims) {
        w_.line("{} = true;", ok);
        return;
    }
    const std::uint32_t idx[3] = {n.b, n.c, n.d};
    const std::string i = fresh("i");
    w_.line("const std::int64_t {} = {} - {};", i, value(idx[dim]), literal(v.index_lo[dim]));
    w_.open("if ({0} < 0 || {0} >= {1}) {{", i, v.extent[dim]);
    w_.line("env.error = kIndexOutOfRange;");
    w_.close();
    w_.open("else {{");
    w_.line("{0} = {0} * {1}u + static_cast<std::uint32_t>({2});", element, v.extent[dim], i);
    general_element(n, dim + 1, element, ok);
    w_.close();
}

ElementCode ExprEmitter::element(ir::ExprId id) {
    const ir::ExprNode& n = p_.exprs[id];
    const machine::FieldPlan& plan = t_.plans[id];
    const machine::VariableAccess& v = t_.variables[n.a];
    ElementCode e;
    switch (plan.kind) {
    case Kind::Fixed:
        e.element = fmt::format("{}u", v.width == 0 ? 0 : (plan.offset - v.offset) / v.width);
        return e;
    case Kind::PerCpu:
        e.element = "CPU_";
        return e;
    case Kind::Indexed: {
        const std::string i = fresh("i");
        e.ok = fresh("ok");
        w_.line("const std::int64_t {} = {} - {};", i, value(plan.index), literal(plan.index_lo));
        w_.line("const bool {0} = {1} >= 0 && {1} < {2};", e.ok, i, plan.extent);
        w_.line("if (!{}) env.error = kIndexOutOfRange;", e.ok);
        e.element = fmt::format("static_cast<std::uint32_t>({})", i);
        return e;
    }
    case Kind::General:
    case Kind::Local:
    case Kind::Constant:
    case Kind::Operator:
        break;
    }
    e.element = fresh("e");
    e.ok = fresh("ok");
    w_.line("std::uint32_t {} = 0;", e.element);
    w_.line("bool {} = false;", e.ok);
    general_element(n, 0, e.element, e.ok);
    return e;
}

std::string ExprEmitter::element_offset(ir::ExprId id, const ElementCode& e) const {
    const machine::VariableAccess& v = t_.variables[p_.exprs[id].a];
    return fmt::format("{}u + {} * {}u", v.offset, e.element, v.width);
}

// A program read: the CPU's newest buffered store of the element if there
// is one (shared memory under a buffering model), memory otherwise.
std::string ExprEmitter::read_global(ir::ExprId id) {
    const ir::ExprNode& n = p_.exprs[id];
    const machine::VariableAccess& v = t_.variables[n.a];
    const ElementCode e = element(id);
    const std::string out = fresh("t");
    w_.line("std::int64_t {} = 0;", out);
    const bool forwarded = t_.plans[id].forwarded ||
                           (t_.plans[id].kind == Kind::General &&
                            v.storage == ir::Storage::Shared && ir::info(p_.memory).buffers_stores);
    w_.open("if ({}) {{", e.ok);
    const std::string memory =
        fmt::format("static_cast<std::int64_t>(get_bits(env.state, {}, {})) + {}",
                    element_offset(id, e), v.width, literal(v.lo));
    if (forwarded)
        w_.line("if (!(env.buffered && forward(env, {}u + {}, {}, {}))) {} = {};", v.first_location,
                e.element, literal(v.lo), out, out, memory);
    else
        w_.line("{} = {};", out, memory);
    w_.close();
    return out;
}

} // namespace shootdown::compiled

// Calls of primitives (primitives.hpp): their arguments resolved, then the
// .sd text of each kind, as a value or as a statement.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "model/ir/memory_models.hpp"
#include "model/litmus/translator.hpp"

namespace shootdown::litmus::translation {

std::optional<Translator::Resolved> Translator::resolve(const Expr& call, Ctx& c) {
    const std::string& n = call.name;
    if (is_rcu(n)) {
        error(call.name_span, fmt::format("`{}` is RCU, which is not supported", n),
              once(kRcuHint));
        return std::nullopt;
    }
    std::optional<Primitive> p = find_primitive(n);
    if (!p) {
        std::string hint = lang::closest_name(n, primitive_names());
        error(call.name_span, fmt::format("unsupported primitive `{}`", n),
              hint.empty() ? "docs/litmus.md lists the supported primitives"
                           : fmt::format("did you mean `{}`?", hint));
        return std::nullopt;
    }
    if (call.args.size() != static_cast<std::size_t>(p->arguments)) {
        error(call.span, fmt::format("`{}` takes {} argument{}, not {}", n, p->arguments,
                                     p->arguments == 1 ? "" : "s", call.args.size()));
        return std::nullopt;
    }
    Resolved r{*p, {}, {}, 0, 0};
    bool ok = true;
    if (p->location_argument >= 0) {
        r.location = location_argument(
            call, call.args[static_cast<std::size_t>(p->location_argument)], *p, c);
        ok = !r.location.empty();
    }
    bool add_family = p->kind == K::FetchAdd || p->kind == K::AddReturn ||
                      p->kind == K::AddAndTest || p->kind == K::AddUnless;
    std::vector<const Expr*> rest;
    for (std::size_t i = 0; i < call.args.size(); ++i)
        if (static_cast<int>(i) != p->location_argument) rest.push_back(&call.args[i]);
    if (add_family) {
        std::int64_t amount = p->addend;
        if (amount == 0) {
            if (rest.empty() || rest[0]->kind != Expr::Kind::Integer) {
                error(rest.empty() ? call.span : rest[0]->span,
                      fmt::format("the amount `{}` adds must be an integer constant", n),
                      "the value range of the locations is computed from the constants");
                return std::nullopt;
            }
            amount = rest[0]->value;
            rest.erase(rest.begin());
        }
        r.amount = amount * p->sign;
        if (p->kind == K::AddUnless && !rest.empty()) {
            if (rest[0]->kind != Expr::Kind::Integer) {
                error(rest[0]->span, "the `unless` value must be an integer constant");
                return std::nullopt;
            }
            r.unless = rest[0]->value;
            note_constant(r.unless);
            rest.clear();
        }
        note_addend(r.amount);
    }
    for (const Expr* e : rest)
        r.operands.push_back(value(*e, c));
    if (!ok) return std::nullopt;
    return r;
}

std::string Translator::location_argument(const Expr& call, const Expr& arg, const Primitive& p,
                                          Ctx& c) {
    bool by_location = p.address == Primitive::Address::Location;
    if (by_location && arg.kind == Expr::Kind::Deref)
        return pointed_location(arg, c, fmt::format("`{}`", call.name));
    if (!by_location && arg.kind == Expr::Kind::Name) {
        if (c.info.params.count(arg.name)) return "m_" + arg.name;
        if (c.info.registers.count(arg.name)) {
            error(arg.span,
                  fmt::format("pointer registers are not supported: `{}` through `{}`", call.name,
                              arg.name),
                  once(kPointerHint));
            return {};
        }
        unknown_name(arg, c);
        return {};
    }
    std::string name =
        arg.kind == Expr::Kind::Name || arg.kind == Expr::Kind::Deref ? arg.name : std::string("x");
    // The call as it should be written: `WRITE_ONCE(*x, ...)`, `atomic_add(..., v)`.
    std::vector<std::string> args;
    for (int i = 0; i < p.arguments; ++i)
        args.push_back(i != p.location_argument ? "..." : by_location ? "*" + name : name);
    error(arg.span,
          by_location ? fmt::format("`{}` takes the location itself", call.name)
                      : fmt::format("`{}` takes a pointer to the location", call.name),
          fmt::format("write `{}({})`", call.name, fmt::join(args, ", ")));
    return {};
}

std::string Translator::call_value(const Expr& call, Ctx& c) {
    std::optional<Resolved> r = resolve(call, c);
    if (!r) return "0";
    const Primitive& p = r->primitive;
    if (!p.returns) {
        error(call.span, fmt::format("`{}` returns no value", call.name));
        return "0";
    }
    switch (p.kind) {
    case K::Load:
        return r->location;
    case K::SpinIsLocked:
        return fmt::format("({} != 0 ? 1 : 0)", r->location);
    case K::SpinTrylock:
        note_constant(1);
        return fmt::format("(cmpxchg(&{}, 0, 1) == 0 ? 1 : 0)", r->location);
    case K::FetchAdd:
        return fmt::format("atomic_fetch_add({}, &{})", literal(r->amount), r->location);
    case K::AddReturn:
        return fmt::format("atomic_add_return({}, &{})", literal(r->amount), r->location);
    case K::AddAndTest:
        return fmt::format("(atomic_add_return({}, &{}) == 0 ? 1 : 0)", literal(r->amount),
                           r->location);
    case K::Xchg:
        return fmt::format("xchg(&{}, {})", r->location, r->operands[0]);
    case K::Cmpxchg:
        return fmt::format("cmpxchg(&{}, {}, {})", r->location, r->operands[0], r->operands[1]);
    case K::AddUnless:
        error(call.span,
              fmt::format("`{}` is only supported as a statement or assigned to a register",
                          call.name),
              "write `r0 = atomic_add_unless(...);` and use r0");
        return "0";
    default:
        return "0";
    }
}

void Translator::call_statement(const Expr& call, Ctx& c) {
    if (call.kind != Expr::Kind::Call) return;
    std::optional<Resolved> r = resolve(call, c);
    if (!r) return;
    const Primitive& p = r->primitive;
    switch (p.kind) {
    case K::Load:
    case K::SpinIsLocked:
        // The load still happens; its value is dropped.
        line(c, fmt::format("if ({} != 0) {{ }}", r->location));
        return;
    case K::Store:
        ++c.info.stores;
        line(c, fmt::format("{} = {};", r->location, r->operands[0]));
        return;
    case K::Barrier:
        line(c,
             // The translation writes x86 kernel code, as the .sd builtins are.
             ir::x86_emits_fence(p.ordering) ? "smp_mb();" : "// a compiler barrier only, on x86");
        return;
    case K::FetchAdd:
    case K::AddReturn:
    case K::AddAndTest:
        line(c, fmt::format("atomic_add({}, &{});", literal(r->amount), r->location));
        return;
    case K::Xchg:
        line(c, fmt::format("xchg(&{}, {});", r->location, r->operands[0]));
        return;
    case K::Cmpxchg:
        line(c, fmt::format("cmpxchg(&{}, {}, {});", r->location, r->operands[0], r->operands[1]));
        return;
    case K::AddUnless:
        add_unless(call, c, {});
        return;
    case K::SpinLock:
        note_constant(1);
        line(c, fmt::format("while (cmpxchg(&{}, 0, 1) != 0) {{ }}", r->location));
        return;
    case K::SpinTrylock:
        note_constant(1);
        line(c, fmt::format("cmpxchg(&{}, 0, 1);", r->location));
        return;
    case K::SpinUnlock:
        ++c.info.stores;
        line(c, fmt::format("{} = 0;", r->location));
        return;
    }
}

// The kernel's atomic_fetch_add_unless(): c = atomic_read(v); then
// try_cmpxchg(v, &c, c + a) until it succeeds or c == u. A failed
// cmpxchg returns the value it found, which becomes the next c.
void Translator::add_unless(const Expr& call, Ctx& c, const std::string& result) {
    std::optional<Resolved> r = resolve(call, c);
    if (!r) return;
    line(c, "{");
    ++c.indent;
    line(c, fmt::format("{} c = {};", kRangeType, r->location));
    if (!result.empty()) line(c, fmt::format("{} = 0;", result));
    line(c, fmt::format("while (c != {}) {{", literal(r->unless)));
    ++c.indent;
    line(c, fmt::format("{} o = cmpxchg(&{}, c, c + {});", kRangeType, r->location,
                        literal(r->amount)));
    line(c, "if (o == c) {");
    ++c.indent;
    if (!result.empty()) line(c, fmt::format("{} = 1;", result));
    line(c, "break;");
    --c.indent;
    line(c, "}");
    line(c, "c = o;");
    --c.indent;
    line(c, "}");
    --c.indent;
    line(c, "}");
}

} // namespace shootdown::litmus::translation

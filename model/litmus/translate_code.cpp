// The threads' code: statements, assignments and expressions in .sd text.
#include <fmt/format.h>

#include "model/litmus/translator.hpp"

namespace shootdown::litmus::translation {

// The first line of a statement's source, as a comment in the model.
std::string Translator::source_comment(const Stmt& s) const {
    std::string_view text = sources_.file(s.span.file).text();
    text = text.substr(s.span.begin, s.span.end - s.span.begin);
    text = text.substr(0, text.find('\n'));
    return fmt::format("// {}", text);
}

void Translator::thread_code(const Thread& t, std::string& out) {
    Ctx c{t, threads_[t.id], out, 1};
    line(c, fmt::format("if (this_cpu == {}) {{", t.id));
    ++c.indent;
    for (const Stmt& s : t.body.body)
        statement(s, c);
    --c.indent;
    line(c, "}");
}

void Translator::statement(const Stmt& s, Ctx& c) {
    switch (s.kind) {
    case Stmt::Kind::Empty:
        return;
    case Stmt::Kind::Block:
        line(c, "{");
        ++c.indent;
        for (const Stmt& b : s.body)
            statement(b, c);
        --c.indent;
        line(c, "}");
        return;
    case Stmt::Kind::Declare:
        if (!s.exprs.empty() && !s.pointer) {
            line(c, source_comment(s));
            assign_register(s.name, s.exprs[0], c);
        }
        return;
    case Stmt::Kind::Assign:
        line(c, source_comment(s));
        assignment(s, c);
        return;
    case Stmt::Kind::Call:
        line(c, source_comment(s));
        call_statement(s.exprs[0], c);
        return;
    case Stmt::Kind::If:
        line(c, source_comment(s));
        line(c, fmt::format("if ({}) {{", condition(s.exprs[0], c)));
        ++c.indent;
        statement(s.body[0], c);
        --c.indent;
        if (s.body.size() > 1) {
            line(c, "} else {");
            ++c.indent;
            statement(s.body[1], c);
            --c.indent;
        }
        line(c, "}");
        return;
    }
}

void Translator::assignment(const Stmt& s, Ctx& c) {
    const Expr& target = s.exprs[0];
    const Expr& value = s.exprs[1];
    if (target.kind == Expr::Kind::Name) {
        if (c.info.registers.count(target.name)) return assign_register(target.name, value, c);
        if (c.info.params.count(target.name)) {
            error(target.span, fmt::format("cannot assign to the pointer `{}`", target.name),
                  fmt::format("to store to the location, write `*{} = ...`", target.name));
            return;
        }
        unknown_name(target, c);
        return;
    }
    if (target.kind != Expr::Kind::Deref) return; // reported by the parser
    std::string location = pointed_location(target, c, "a plain store");
    std::string v = this->value(value, c);
    if (location.empty()) return;
    ++c.info.stores;
    line(c, fmt::format("{} = {};", location, v));
}

void Translator::assign_register(const std::string& name, const Expr& value, Ctx& c) {
    std::string reg = register_variable(c.thread.id, name);
    if (value.kind == Expr::Kind::Call) {
        std::optional<Primitive> p = find_primitive(value.name);
        if (p && p->kind == K::AddUnless && !is_rcu(value.name)) return add_unless(value, c, reg);
    }
    line(c, fmt::format("{} = {};", reg, this->value(value, c)));
}

void Translator::unknown_name(const Expr& e, Ctx& c) {
    std::vector<std::string> names;
    names.insert(names.end(), c.info.params.begin(), c.info.params.end());
    for (const auto& [n, initial] : c.info.registers)
        names.push_back(n);
    std::string hint = lang::closest_name(e.name, names);
    error(e.name_span,
          fmt::format("`{}` is neither a parameter nor a register of P{}", e.name, c.thread.id),
          hint.empty() ? fmt::format("declare a register with `int {};`, or add `int *{}` to "
                                     "the parameters",
                                     e.name, e.name)
                       : fmt::format("did you mean `{}`?", hint));
}

// `*x` where x is a parameter: the location's variable; "" after an error.
std::string Translator::pointed_location(const Expr& e, Ctx& c, std::string_view what) {
    if (c.info.params.count(e.name)) return "m_" + e.name;
    if (c.info.registers.count(e.name)) {
        error(e.span,
              fmt::format("pointer registers are not supported: {} through `{}`", what, e.name),
              once(kPointerHint));
        return {};
    }
    unknown_name(e, c);
    return {};
}

// An integer-valued .sd expression; "0" after an error.
std::string Translator::value(const Expr& e, Ctx& c) {
    switch (e.kind) {
    case Expr::Kind::Integer:
        note_constant(e.value);
        return literal(e.value);
    case Expr::Kind::Name:
        if (c.info.registers.count(e.name)) return register_variable(c.thread.id, e.name);
        if (c.info.params.count(e.name))
            error(e.span,
                  fmt::format("pointer values are not supported: `{}` is the address of "
                              "location `{}`",
                              e.name, e.name),
                  fmt::format("for its value, write `*{}` or `READ_ONCE(*{})`", e.name, e.name));
        else
            unknown_name(e, c);
        return "0";
    case Expr::Kind::Deref: {
        std::string location = pointed_location(e, c, "a plain load");
        return location.empty() ? "0" : location;
    }
    case Expr::Kind::Call:
        return call_value(e, c);
    case Expr::Kind::Compare:
    case Expr::Kind::Not:
        return fmt::format("({} ? 1 : 0)", condition(e, c));
    }
    return "0";
}

// A bool-valued .sd expression (C's truth: non-zero).
std::string Translator::condition(const Expr& e, Ctx& c) {
    if (e.kind == Expr::Kind::Compare)
        return fmt::format("({} {} {})", value(e.args[0], c), e.op, value(e.args[1], c));
    if (e.kind == Expr::Kind::Not) return fmt::format("!{}", condition(e.args[0], c));
    return fmt::format("({} != 0)", value(e, c));
}

} // namespace shootdown::litmus::translation

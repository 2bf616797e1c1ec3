// Expressions, by precedence climbing: each level of nesting counts
// towards kMaxExpressionDepth.
#include <fmt/format.h>

#include "model/lang/parser_internal.hpp"

namespace shootdown::lang::parsing {

ExprPtr Parser::binary(std::string op, ExprPtr l, ExprPtr r) {
    auto e = make_expr(Expr::Kind::Binary, {l->span.file, l->span.begin, r->span.end});
    e->op = std::move(op);
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
}

ExprPtr Parser::expression() {
    Nesting nesting(depth_);
    deeper(nesting, peek());
    return ternary();
}

// One more level of the expression tree: parentheses, operators and
// indexes all count, as each is a level of recursion in the lowering.
void Parser::deeper(Nesting& nesting, const Token& at) {
    if (nesting.deeper() <= kMaxExpressionDepth) return;
    too_deep_ = true;
    fail(at, "expression nested too deeply",
         fmt::format("at most {} levels of operators, parentheses and indexes; split it "
                     "with local variables",
                     kMaxExpressionDepth));
}

ExprPtr Parser::ternary() {
    ExprPtr c = logical_or();
    if (!accept_punct("?")) return c;
    ExprPtr a = expression();
    expect_punct(":", "in the conditional expression");
    ExprPtr b = expression();
    auto e = make_expr(Expr::Kind::Ternary, {c->span.file, c->span.begin, b->span.end});
    e->args.push_back(std::move(c));
    e->args.push_back(std::move(a));
    e->args.push_back(std::move(b));
    return e;
}

template <typename Next>
ExprPtr Parser::left_assoc(std::initializer_list<std::string_view> ops, Next next) {
    ExprPtr l = (this->*next)();
    Nesting nesting(depth_);
    while (true) {
        std::string_view found;
        for (std::string_view op : ops)
            if (peek().is_punct(op)) found = op;
        if (found.empty()) return l;
        deeper(nesting, peek());
        advance();
        l = binary(std::string(found), std::move(l), (this->*next)());
    }
}

ExprPtr Parser::logical_or() {
    return left_assoc({"||"}, &Parser::logical_and);
}
ExprPtr Parser::logical_and() {
    return left_assoc({"&&"}, &Parser::bit_or);
}
ExprPtr Parser::bit_or() {
    return left_assoc({"|"}, &Parser::bit_xor);
}
ExprPtr Parser::bit_xor() {
    return left_assoc({"^"}, &Parser::bit_and);
}
ExprPtr Parser::bit_and() {
    return left_assoc({"&"}, &Parser::equality);
}
ExprPtr Parser::equality() {
    return left_assoc({"==", "!="}, &Parser::relational);
}
ExprPtr Parser::relational() {
    return left_assoc({"<", "<=", ">", ">="}, &Parser::shift);
}
ExprPtr Parser::shift() {
    return left_assoc({"<<", ">>"}, &Parser::additive);
}
ExprPtr Parser::additive() {
    return left_assoc({"+", "-"}, &Parser::multiplicative);
}
ExprPtr Parser::multiplicative() {
    return left_assoc({"*", "/", "%"}, &Parser::unary);
}

ExprPtr Parser::unary() {
    const Token& t = peek();
    for (std::string_view op : {"!", "-", "~", "&"}) {
        if (t.is_punct(op)) {
            Nesting nesting(depth_);
            deeper(nesting, t);
            advance();
            ExprPtr operand = unary();
            auto e = make_expr(op == "&" ? Expr::Kind::AddressOf : Expr::Kind::Unary,
                               {t.span.file, t.span.begin, operand->span.end});
            e->op = std::string(op);
            e->args.push_back(std::move(operand));
            return e;
        }
    }
    return postfix();
}

ExprPtr Parser::postfix() {
    ExprPtr e = primary();
    Nesting nesting(depth_);
    while (peek().is_punct("[")) {
        deeper(nesting, peek());
        advance();
        ExprPtr index = expression();
        expect_punct("]", "after the index");
        auto i = make_expr(Expr::Kind::Index, span_from(e->span));
        i->args.push_back(std::move(e));
        i->args.push_back(std::move(index));
        e = std::move(i);
    }
    return e;
}

ExprPtr Parser::primary() {
    const Token& t = peek();
    if (t.kind == TokenKind::Integer) {
        auto e = make_expr(Expr::Kind::Integer, advance().span);
        e->value = t.value;
        return e;
    }
    if (t.is_keyword("true") || t.is_keyword("false")) {
        auto e = make_expr(Expr::Kind::Bool, advance().span);
        e->value = t.text == "true";
        return e;
    }
    if (accept_keyword("this_cpu")) return make_expr(Expr::Kind::ThisCpu, t.span);
    if (t.is_keyword("forall") || t.is_keyword("exists")) return quantifier();
    if (accept_punct("(")) {
        ExprPtr e = expression();
        expect_punct(")", "to close the parenthesis");
        return e;
    }
    if (t.kind == TokenKind::Identifier || (t.is_keyword("variant") && peek(1).is_punct("(")))
        return name_or_call();
    if (t.kind == TokenKind::Keyword)
        fail(t, fmt::format("`{}` is a keyword and cannot start an expression", t.text));
    fail(t, fmt::format("expected an expression, found {}", describe(t)));
}

ExprPtr Parser::name_or_call() {
    const Token& name = advance();
    if (!accept_punct("(")) {
        auto e = make_expr(Expr::Kind::Name, name.span);
        e->name = std::string(name.text);
        return e;
    }
    auto e = make_expr(Expr::Kind::Call, name.span);
    e->name = std::string(name.text);
    e->name_span = name.span;
    if (!accept_punct(")")) {
        do {
            e->args.push_back(expression());
        } while (accept_punct(","));
        expect_punct(")", fmt::format("to close the call of `{}`", name.text));
    }
    e->span = span_from(name.span);
    return e;
}

ExprPtr Parser::quantifier() {
    const Token& q = advance();
    auto e = make_expr(Expr::Kind::Quantifier, q.span);
    e->op = std::string(q.text);
    const Token& var = expect_identifier("a bound variable");
    e->name = std::string(var.text);
    e->name_span = var.span;
    expect_punct(":", fmt::format("after the bound variable (write `{} c: cpu. ...`)", q.text));
    const Token& type = expect_identifier("the type the variable ranges over");
    e->type_name = std::string(type.text);
    e->type_span = type.span;
    expect_punct(".", "after the quantifier's type");
    e->args.push_back(expression());
    e->span = span_from(q.span);
    return e;
}

} // namespace shootdown::lang::parsing

// Declarations and types.
#include <fmt/format.h>

#include "model/lang/parser_internal.hpp"

namespace shootdown::lang::parsing {

Decl Parser::declaration() {
    const Token& t = peek();
    Decl d;
    d.span = t.span;
    if (accept_keyword("import")) return import_decl(std::move(d));
    if (accept_keyword("param")) return param_decl(std::move(d));
    if (accept_keyword("type")) return type_decl(std::move(d));
    if (accept_keyword("enum")) return enum_decl(std::move(d));
    if (t.is_keyword("shared") || t.is_keyword("hw") || t.is_keyword("ghost"))
        return variable_decl(std::move(d));
    if (accept_keyword("variant")) return variant_decl(std::move(d));
    if (accept_keyword("invariant")) return invariant_decl(std::move(d));
    if (accept_keyword("process")) {
        d.kind = Decl::Kind::Process;
        d.body = block();
        d.span = span_from(d.span);
        return d;
    }
    if (accept_keyword("irq")) return handler_decl(std::move(d), Decl::Kind::Irq);
    if (accept_keyword("hardware")) return handler_decl(std::move(d), Decl::Kind::Hardware);
    if (t.kind == TokenKind::Identifier && t.text == "statistic" &&
        peek(1).kind == TokenKind::Identifier && peek(2).is_punct(":")) {
        advance();
        Decl s = invariant_decl(std::move(d));
        s.kind = Decl::Kind::Statistic;
        return s;
    }
    if (t.kind == TokenKind::Identifier && t.text == "memory" &&
        peek(1).kind == TokenKind::Identifier && peek(2).is_punct(";"))
        return memory_decl(std::move(d));
    if (starts_type(0)) return function_decl(std::move(d));
    fail(t, fmt::format("expected a declaration, found {}", describe(t)),
         "a model consists of param, type, enum, shared/hw/ghost variables, variant, "
         "functions, process, irq, hardware and invariant declarations");
}

Decl Parser::import_decl(Decl d) {
    d.kind = Decl::Kind::Import;
    if (peek().kind != TokenKind::String)
        fail(peek(), fmt::format("expected a file name in quotes after `import`, found {}",
                                 describe(peek())));
    const Token& path = advance();
    d.name = std::string(path.text.substr(1, path.text.size() - 2));
    d.name_span = path.span;
    expect_punct(";", "after the import");
    return d;
}

Decl Parser::memory_decl(Decl d) {
    d.kind = Decl::Kind::Memory;
    advance();
    const Token& model = advance();
    if (model.text != "sc" && model.text != "tso")
        fail(model, fmt::format("unknown memory model `{}`", model.text),
             "write `memory sc;` or `memory tso;`");
    d.name = std::string(model.text);
    d.name_span = model.span;
    advance();
    return d;
}

Decl Parser::param_decl(Decl d) {
    d.kind = Decl::Kind::Param;
    const Token& name = expect_identifier("a parameter name");
    d.name = std::string(name.text);
    d.name_span = name.span;
    expect_punct("=", "after the parameter name (parameters need a default)");
    d.value = expression();
    expect_punct(";", "after the parameter");
    d.span = span_from(d.span);
    return d;
}

Decl Parser::type_decl(Decl d) {
    d.kind = Decl::Kind::Type;
    const Token& name = expect_identifier("a type name");
    d.name = std::string(name.text);
    d.name_span = name.span;
    expect_punct("=", "after the type name");
    d.type = type_expr();
    expect_punct(";", "after the type");
    return d;
}

Decl Parser::enum_decl(Decl d) {
    d.kind = Decl::Kind::Enum;
    const Token& name = expect_identifier("an enum name");
    d.name = std::string(name.text);
    d.name_span = name.span;
    expect_punct("{", "after the enum name");
    do {
        if (peek().is_punct("}")) break;
        const Token& member = expect_identifier("an enum constant");
        d.members.emplace_back(member.text);
        d.member_spans.push_back(member.span);
    } while (accept_punct(","));
    expect_punct("}", "to close the enum");
    accept_punct(";");
    return d;
}

Decl Parser::variable_decl(Decl d) {
    d.kind = Decl::Kind::Variable;
    d.storage = std::string(advance().text);
    if (accept_keyword("per_cpu")) d.per_cpu = true;
    // `serializing`: writing this register is a core-serializing instruction (CR3).
    if (peek().kind == TokenKind::Identifier && peek().text == "serializing" && starts_type(1) &&
        (peek(1).kind == TokenKind::Keyword || peek(2).kind == TokenKind::Identifier)) {
        d.serializing = true;
        advance();
    }
    d.type = type_expr();
    const Token& name = expect_identifier("a variable name");
    d.name = std::string(name.text);
    d.name_span = name.span;
    while (accept_punct("[")) {
        d.dims.push_back(type_expr());
        expect_punct("]", "after the array index type");
    }
    if (accept_punct("=")) {
        if (accept_punct("{")) {
            do {
                d.init_list.push_back(expression());
            } while (accept_punct(","));
            expect_punct("}", "to close the initial values");
        } else {
            d.value = expression();
        }
    }
    expect_punct(";", "after the variable declaration");
    d.span = span_from(d.span);
    return d;
}

Decl Parser::variant_decl(Decl d) {
    d.kind = Decl::Kind::Variant;
    do {
        const Token& name = expect_identifier("a variant name");
        d.members.emplace_back(name.text);
        d.member_spans.push_back(name.span);
    } while (accept_punct(","));
    expect_punct(";", "after the variant names");
    return d;
}

Decl Parser::invariant_decl(Decl d) {
    d.kind = Decl::Kind::Invariant;
    const Token& name = expect_identifier("an invariant name");
    d.name = std::string(name.text);
    d.name_span = name.span;
    expect_punct(":", "after the invariant name");
    d.value = expression();
    expect_punct(";", "after the invariant");
    d.span = span_from(d.span);
    return d;
}

Decl Parser::handler_decl(Decl d, Decl::Kind kind) {
    d.kind = kind;
    const Token& name = expect_identifier(kind == Decl::Kind::Irq ? "an interrupt handler name"
                                                                  : "a hardware action name");
    d.name = std::string(name.text);
    d.name_span = name.span;
    if (accept_punct("(")) d.params = parameter_list();
    d.body = block();
    return d;
}

Decl Parser::function_decl(Decl d) {
    d.kind = Decl::Kind::Function;
    d.type = type_expr();
    const Token& name = expect_identifier("a function name");
    d.name = std::string(name.text);
    d.name_span = name.span;
    expect_punct("(", "after the function name");
    d.params = parameter_list();
    d.body = block();
    return d;
}

// after "("
std::vector<Param> Parser::parameter_list() {
    std::vector<Param> params;
    if (accept_punct(")")) return params;
    if (peek().is_keyword("void") && peek(1).is_punct(")")) {
        advance();
        advance();
        return params;
    }
    do {
        Param p;
        p.type = type_expr();
        const Token& name = expect_identifier("a parameter name");
        p.name = std::string(name.text);
        p.span = name.span;
        params.push_back(std::move(p));
    } while (accept_punct(","));
    expect_punct(")", "to close the parameter list");
    return params;
}

bool Parser::starts_type(std::size_t ahead) const {
    const Token& t = peek(ahead);
    if (t.kind == TokenKind::Keyword)
        return t.text == "bool" || t.text == "int" || t.text == "void" || t.text == "cpumask" ||
               t.text == "scalarset" || t.text == "cpus";
    return t.kind == TokenKind::Identifier && peek(ahead + 1).kind == TokenKind::Identifier;
}

TypePtr Parser::type_expr() {
    auto t = std::make_unique<TypeExpr>();
    const Token& start = peek();
    t->span = start.span;
    if (accept_keyword("bool")) {
        t->kind = TypeExpr::Kind::Bool;
    } else if (accept_keyword("void")) {
        t->kind = TypeExpr::Kind::Void;
    } else if (accept_keyword("int")) {
        t->kind = TypeExpr::Kind::Int;
        expect_punct("<", "after `int` (write a range such as `int<0..3>`)");
        t->lo = additive();
        expect_punct("..", "between the bounds of the range");
        t->hi = additive();
        expect_punct(">", "to close the range");
    } else if (peek().is_keyword("scalarset") || peek().is_keyword("cpus")) {
        t->kind = advance().text == "cpus" ? TypeExpr::Kind::Cpus : TypeExpr::Kind::Scalarset;
        expect_punct("(", "before the size");
        t->lo = expression();
        expect_punct(")", "after the size");
    } else if (accept_keyword("cpumask")) {
        t->kind = TypeExpr::Kind::Cpumask;
        expect_punct("<", "after `cpumask` (write `cpumask<cpu>`)");
        const Token& elem = expect_identifier("the CPU type name");
        t->name = std::string(elem.text);
        expect_punct(">", "after the CPU type");
    } else if (peek().kind == TokenKind::Identifier) {
        t->kind = TypeExpr::Kind::Named;
        t->name = std::string(advance().text);
    } else {
        fail(peek(), fmt::format("expected a type, found {}", describe(peek())),
             "types are bool, int<lo..hi>, scalarset(N), cpus(N), cpumask<cpu>, or a "
             "declared type or enum name");
    }
    t->span = span_from(t->span);
    return t;
}

} // namespace shootdown::lang::parsing

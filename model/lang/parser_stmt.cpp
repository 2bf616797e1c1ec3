// Statements.
#include <fmt/format.h>

#include "model/lang/parser_internal.hpp"

namespace shootdown::lang::parsing {

StmtPtr Parser::block() {
    auto b = std::make_unique<Stmt>();
    b->kind = Stmt::Kind::Block;
    b->span = expect_punct("{", "to open a block").span;
    while (!peek().is_punct("}") && !at_end()) {
        std::size_t start = pos_;
        try {
            b->body.push_back(statement());
        } catch (const SyntaxError&) {
            recover_statement(start);
        }
    }
    if (at_end()) {
        LineCol open = source_.position(b->span.begin);
        fail(peek(), "expected `}` to close the block, found end of file",
             fmt::format("the `{{` at line {}, column {} is never closed", open.line, open.column));
    }
    expect_punct("}", "to close the block");
    b->span = span_from(b->span);
    return b;
}

StmtPtr Parser::statement() {
    const Token& t = peek();
    Nesting nesting(statement_depth_);
    if (nesting.deeper() > kMaxStatementDepth) {
        too_deep_ = true;
        fail(t, "statements nested too deeply",
             fmt::format("at most {} levels of blocks, loops and branches; move inner code "
                         "into a function",
                         kMaxStatementDepth));
    }
    if (t.is_punct("{")) return block();
    if (t.is_punct(";"))
        fail(t, "expected a statement, found `;`",
             "a statement that does nothing is written `skip;`");
    if (t.kind == TokenKind::Keyword) {
        if (StmtPtr s = keyword_statement()) return s;
    }
    if (t.kind == TokenKind::Identifier && t.text == "for_each_cpu" && peek(1).is_punct("("))
        return for_each_cpu();
    if (starts_type(0) && !(peek().kind == TokenKind::Keyword && peek().text == "void"))
        return local_decl();
    return simple_statement(true);
}

StmtPtr Parser::keyword_statement() {
    const Token& t = peek();
    Span start = t.span;
    if (accept_keyword("if")) {
        auto s = make_stmt(Stmt::Kind::If, start);
        s->value = condition("if");
        s->body.push_back(statement());
        if (accept_keyword("else")) s->body.push_back(statement());
        return s;
    }
    if (accept_keyword("while")) {
        auto s = make_stmt(Stmt::Kind::While, start);
        s->value = condition("while");
        s->body.push_back(statement());
        return s;
    }
    if (accept_keyword("for")) return for_in(start);
    if (accept_keyword("either")) {
        auto s = make_stmt(Stmt::Kind::Either, start);
        s->body.push_back(block());
        if (!peek().is_keyword("or")) // reported, and the statement is complete
            diagnostics_.error(start, "`either` needs at least one `or` branch",
                               "write `either { ... } or { ... }`");
        while (accept_keyword("or"))
            s->body.push_back(block());
        return s;
    }
    if (accept_keyword("choose")) return choose(start);
    if (accept_keyword("await")) {
        auto s = make_stmt(Stmt::Kind::Await, start);
        s->value = expression();
        expect_punct(";", "after the await condition");
        s->span = span_from(start);
        return s;
    }
    if (accept_keyword("atomic")) {
        auto s = make_stmt(Stmt::Kind::Atomic, start);
        s->body.push_back(block());
        return s;
    }
    if (accept_keyword("assert")) return assertion(start);
    if (accept_keyword("return")) {
        auto s = make_stmt(Stmt::Kind::Return, start);
        if (!peek().is_punct(";")) s->value = expression();
        expect_punct(";", "after return");
        s->span = span_from(start);
        return s;
    }
    for (auto [word, kind] :
         {std::pair{"break", Stmt::Kind::Break}, std::pair{"continue", Stmt::Kind::Continue},
          std::pair{"skip", Stmt::Kind::Skip}}) {
        if (accept_keyword(word)) {
            expect_punct(";", fmt::format("after `{}`", word));
            return make_stmt(kind, span_from(start));
        }
    }
    if (t.is_keyword("else"))
        fail(t, "`else` without a matching `if`", "check the braces of the `if` above");
    if (t.is_keyword("or"))
        fail(t, "`or` without a matching `either`", "check the braces of the branch above");
    return nullptr;
}

ExprPtr Parser::condition(std::string_view what) {
    expect_punct("(", fmt::format("after `{}`", what));
    ExprPtr e = expression();
    expect_punct(")", fmt::format("after the `{}` condition", what));
    return e;
}

StmtPtr Parser::for_in(Span start) {
    auto s = make_stmt(Stmt::Kind::ForIn, start);
    expect_punct("(", "after `for`");
    const Token& name = expect_identifier("a loop variable");
    s->name = std::string(name.text);
    s->name_span = name.span;
    expect_keyword("in", "after the loop variable (write `for (c in cpu)`)");
    s->type = type_expr();
    expect_punct(")", "after the loop range");
    s->body.push_back(statement());
    return s;
}

StmtPtr Parser::for_each_cpu() {
    auto s = make_stmt(Stmt::Kind::ForEachCpu, advance().span);
    expect_punct("(", "after `for_each_cpu`");
    const Token& name = expect_identifier("a loop variable");
    s->name = std::string(name.text);
    s->name_span = name.span;
    expect_punct(",", "after the loop variable (write `for_each_cpu(c, mask)`)");
    s->value = expression();
    expect_punct(")", "after the mask");
    s->body.push_back(statement());
    return s;
}

StmtPtr Parser::choose(Span start) {
    auto s = make_stmt(Stmt::Kind::Choose, start);
    const Token& name = expect_identifier("a name to bind");
    s->name = std::string(name.text);
    s->name_span = name.span;
    expect_keyword("in", "after the bound name (write `choose m in mm { ... }`)");
    s->type = type_expr();
    if (accept_keyword("where")) s->value = expression();
    s->body.push_back(block());
    return s;
}

StmtPtr Parser::assertion(Span start) {
    auto s = make_stmt(Stmt::Kind::Assert, start);
    s->value = expression();
    if (accept_punct(",")) {
        if (peek().kind != TokenKind::String)
            fail(peek(),
                 fmt::format("expected a message string after `,`, found {}", describe(peek())));
        std::string_view text = advance().text;
        s->message = std::string(text.substr(1, text.size() - 2));
    }
    expect_punct(";", "after the assertion");
    s->span = span_from(start);
    return s;
}

StmtPtr Parser::local_decl() {
    auto s = make_stmt(Stmt::Kind::Local, peek().span);
    s->type = type_expr();
    const Token& name = expect_identifier("a variable name");
    s->name = std::string(name.text);
    s->name_span = name.span;
    if (accept_punct("=")) s->value = expression();
    expect_punct(";", "after the declaration");
    s->span = span_from(s->span);
    return s;
}

// An assignment, increment or call, ended by `;` when `terminated`.
StmtPtr Parser::simple_statement(bool terminated) {
    Span start = peek().span;
    ExprPtr e = expression();
    StmtPtr s;
    const Token& t = peek();
    if (t.is_punct("=") || t.is_punct("+=") || t.is_punct("-=")) {
        s = make_stmt(Stmt::Kind::Assign, start);
        s->op = std::string(advance().text);
        s->target = std::move(e);
        s->value = expression();
    } else if (t.is_punct("++") || t.is_punct("--")) {
        s = make_stmt(Stmt::Kind::Assign, start);
        s->op = std::string(advance().text);
        s->target = std::move(e);
    } else if (e->kind == Expr::Kind::Call) {
        s = make_stmt(Stmt::Kind::Call, start);
        s->value = std::move(e);
    } else if (!t.is_punct(";")) {
        fail(t, fmt::format("expected `=`, `+=`, `-=`, `++` or `--`, found {}", describe(t)));
    } else if (e->kind == Expr::Kind::Binary && e->op == "==") {
        fail(e->span, "expected a statement, found a comparison", "did you mean `=`?");
    } else {
        fail(e->span, "expected a statement, found an expression",
             "an expression on its own does nothing; assign it or call a function");
    }
    if (terminated) expect_punct(";", "after the statement");
    s->span = span_from(start);
    return s;
}

} // namespace shootdown::lang::parsing

// The parser's class, shared by parser.cpp (tokens, errors, recovery),
// parser_decls.cpp (declarations, types), parser_stmt.cpp (statements) and
// parser_expr.cpp (expressions). Only these files include it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/lang/ast.hpp"
#include "model/lang/diagnostics.hpp"
#include "model/lang/source.hpp"
#include "model/lang/token.hpp"

namespace shootdown::lang::parsing {

// Thrown to unwind to the nearest recovery point after a syntax error has
// been reported; never escapes parse().
struct SyntaxError {};

// Nesting limits: deeper input would overflow the stack here, in the lowering
// (which recurses over the tree) or when the tree is freed.
constexpr int kMaxExpressionDepth = 200;
constexpr int kMaxStatementDepth = 100;

// Counts levels of nesting on the way down and takes them back on the way
// out, also when a syntax error unwinds the parse.
class Nesting {
public:
    explicit Nesting(int& depth) : depth_(depth) {}
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    ~Nesting() { depth_ -= levels_; }
    int deeper() {
        ++levels_;
        return ++depth_;
    }

private:
    int& depth_;
    int levels_ = 0;
};

class Parser {
public:
    Parser(std::vector<Token> tokens, const SourceFile& source, std::uint32_t file,
           Diagnostics& diagnostics)
        : tokens_(std::move(tokens)), source_(source), file_(file), diagnostics_(diagnostics) {}

    Module module();

private:
    // --- token helpers -------------------------------------------------------
    const Token& peek(std::size_t ahead = 0) const {
        std::size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
        return tokens_[i];
    }
    bool at_end() const { return peek().kind == TokenKind::End; }
    const Token& advance() {
        const Token& t = peek();
        if (pos_ < tokens_.size() - 1) ++pos_;
        return t;
    }
    bool accept_punct(std::string_view p) {
        if (!peek().is_punct(p)) return false;
        advance();
        return true;
    }
    bool accept_keyword(std::string_view k) {
        if (!peek().is_keyword(k)) return false;
        advance();
        return true;
    }
    [[noreturn]] void fail(const Token& at, std::string message, std::string hint = {});
    [[noreturn]] void fail(Span at, std::string message, std::string hint = {});
    const Token& expect_punct(std::string_view p, std::string_view context);
    const Token& expect_keyword(std::string_view k, std::string_view context);
    const Token& expect_identifier(std::string_view what);
    Span span_from(Span begin) const {
        const Token& last = tokens_[pos_ > 0 ? pos_ - 1 : 0];
        return {begin.file, begin.begin, std::max(begin.begin, last.span.end)};
    }

    void recover_declaration(std::size_t start);
    static bool starts_statement(const Token& t);
    static bool starts_declaration(const Token& t);
    void recover_statement(std::size_t start);

    // --- declarations --------------------------------------------------------
    Decl declaration();
    Decl import_decl(Decl d);
    Decl memory_decl(Decl d);
    Decl param_decl(Decl d);
    Decl type_decl(Decl d);
    Decl enum_decl(Decl d);
    Decl variable_decl(Decl d);
    Decl variant_decl(Decl d);
    Decl invariant_decl(Decl d);
    Decl handler_decl(Decl d, Decl::Kind kind);
    Decl function_decl(Decl d);
    std::vector<Param> parameter_list();

    // --- types ---------------------------------------------------------------
    bool starts_type(std::size_t ahead) const;
    TypePtr type_expr();

    // --- statements ----------------------------------------------------------
    StmtPtr block();

    StmtPtr make_stmt(Stmt::Kind kind, Span span) {
        auto s = std::make_unique<Stmt>();
        s->kind = kind;
        s->span = span;
        return s;
    }

    StmtPtr statement();
    StmtPtr keyword_statement();
    ExprPtr condition(std::string_view what);
    StmtPtr for_in(Span start);
    StmtPtr for_each_cpu();
    StmtPtr choose(Span start);
    StmtPtr assertion(Span start);
    StmtPtr local_decl();
    StmtPtr simple_statement(bool terminated);

    // --- expressions ---------------------------------------------------------
    ExprPtr make_expr(Expr::Kind kind, Span span) {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->span = span;
        return e;
    }
    ExprPtr binary(std::string op, ExprPtr l, ExprPtr r);
    ExprPtr expression();
    void deeper(Nesting& nesting, const Token& at);
    ExprPtr ternary();

    template <typename Next>
    ExprPtr left_assoc(std::initializer_list<std::string_view> ops, Next next);
    ExprPtr logical_or();
    ExprPtr logical_and();
    ExprPtr bit_or();
    ExprPtr bit_xor();
    ExprPtr bit_and();
    ExprPtr equality();
    ExprPtr relational();
    ExprPtr shift();
    ExprPtr additive();
    ExprPtr multiplicative();
    ExprPtr unary();
    ExprPtr postfix();
    ExprPtr primary();
    ExprPtr name_or_call();
    ExprPtr quantifier();

    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    const SourceFile& source_;
    std::uint32_t file_;
    Diagnostics& diagnostics_;
    int depth_ = 0;           // expression nesting
    int statement_depth_ = 0; // statement nesting
    bool eof_reported_ = false;
    bool too_deep_ = false; // a nesting limit was hit: recovery skips the whole statement
};

} // namespace shootdown::lang::parsing

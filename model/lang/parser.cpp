#include "model/lang/parser.hpp"

#include <fmt/format.h>

#include "model/lang/lexer.hpp"

namespace shootdown::lang {

namespace {

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

    Module module() {
        Module m;
        m.file = file_;
        while (!at_end()) {
            std::size_t start = pos_;
            try {
                m.decls.push_back(declaration());
            } catch (const SyntaxError&) {
                recover_declaration(start);
            }
        }
        return m;
    }

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
    // Reports an error at `at` and unwinds to the nearest recovery point. An
    // error at a token the lexer has already reported, or a second one at the
    // end of the file, would only repeat an earlier one: those stay quiet.
    [[noreturn]] void fail(const Token& at, std::string message, std::string hint = {}) {
        bool quiet = at.reported || (at.kind == TokenKind::End && eof_reported_);
        if (at.kind == TokenKind::End) eof_reported_ = true;
        if (!quiet) diagnostics_.error(at.span, std::move(message), std::move(hint));
        throw SyntaxError{};
    }
    [[noreturn]] void fail(Span at, std::string message, std::string hint = {}) {
        diagnostics_.error(at, std::move(message), std::move(hint));
        throw SyntaxError{};
    }
    const Token& expect_punct(std::string_view p, std::string_view context) {
        if (peek().is_punct(p)) return advance();
        if (p == ";") {
            const char* hint = "every declaration and simple statement ends with `;`";
            // A `;` missing at the end of a line is shown there, as C compilers
            // do, and parsing goes on as if it were there: the `;` always ends
            // what is being parsed, and the next line starts something new.
            if (pos_ > 0 && !peek().reported && !(at_end() && eof_reported_)) {
                std::uint32_t end = tokens_[pos_ - 1].span.end;
                if (source_.position(end).line != source_.position(peek().span.begin).line) {
                    if (at_end()) eof_reported_ = true;
                    diagnostics_.error(Span{file_, end, end},
                                       fmt::format("expected `;` {}", context), hint);
                    return tokens_[pos_ - 1];
                }
            }
            fail(peek(), fmt::format("expected `;` {}, found {}", context, describe(peek())), hint);
        }
        fail(peek(), fmt::format("expected `{}` {}, found {}", p, context, describe(peek())));
    }
    const Token& expect_keyword(std::string_view k, std::string_view context) {
        if (!peek().is_keyword(k))
            fail(peek(), fmt::format("expected `{}` {}, found {}", k, context, describe(peek())));
        return advance();
    }
    const Token& expect_identifier(std::string_view what) {
        if (peek().kind == TokenKind::Keyword)
            fail(peek(),
                 fmt::format("`{}` is a keyword and cannot be used as {}", peek().text, what),
                 "choose another name");
        if (peek().kind != TokenKind::Identifier)
            fail(peek(), fmt::format("expected {}, found {}", what, describe(peek())));
        return advance();
    }
    Span span_from(Span begin) const {
        const Token& last = tokens_[pos_ > 0 ? pos_ - 1 : 0];
        return {begin.file, begin.begin, std::max(begin.begin, last.span.end)};
    }

    // `start`: where the failed declaration or statement began. Recovery
    // moves past it, so that parsing always makes progress.
    void recover_declaration(std::size_t start) {
        too_deep_ = false;
        // Skip to a `;` or `}` at nesting level 0, or a keyword that starts a declaration.
        int depth = 0;
        while (!at_end()) {
            const Token& t = peek();
            if (depth == 0 && pos_ > start && starts_declaration(t)) return;
            advance();
            if (t.is_punct("{")) ++depth;
            if (t.is_punct("}") && --depth <= 0) {
                accept_punct(";"); // `= { ... };` and `enum { ... };`
                return;
            }
            if (t.is_punct(";") && depth == 0) return;
        }
    }
    static bool starts_statement(const Token& t) {
        if (t.kind != TokenKind::Keyword) return false;
        for (std::string_view k : {"if", "while", "for", "either", "choose", "await", "atomic",
                                   "assert", "return", "break", "continue", "skip"})
            if (t.text == k) return true;
        return false;
    }
    static bool starts_declaration(const Token& t) {
        if (t.kind != TokenKind::Keyword) return false;
        for (std::string_view k : {"param", "type", "enum", "shared", "hw", "ghost", "variant",
                                   "invariant", "process", "irq", "hardware", "import"})
            if (t.text == k) return true;
        return false;
    }
    void recover_statement(std::size_t start) {
        // Skip to a `;` or `}` at nesting level 0, or a keyword that starts a
        // statement; past a nesting limit, keywords (`if (a) if (a) ...`) only
        // lead into more of the same.
        bool stop_at_keywords = !too_deep_;
        too_deep_ = false;
        int depth = 0;
        while (!at_end()) {
            const Token& t = peek();
            if (depth == 0 && t.is_punct("}")) return; // let the enclosing block close
            if (depth == 0 && pos_ > start && stop_at_keywords && starts_statement(t)) return;
            advance();
            if (t.is_punct("{")) ++depth;
            if (t.is_punct("}") && --depth == 0) return;
            if (t.is_punct(";") && depth == 0) return;
        }
    }

    // --- declarations --------------------------------------------------------
    Decl declaration() {
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

    Decl import_decl(Decl d) {
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

    Decl memory_decl(Decl d) {
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

    Decl param_decl(Decl d) {
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

    Decl type_decl(Decl d) {
        d.kind = Decl::Kind::Type;
        const Token& name = expect_identifier("a type name");
        d.name = std::string(name.text);
        d.name_span = name.span;
        expect_punct("=", "after the type name");
        d.type = type_expr();
        expect_punct(";", "after the type");
        return d;
    }

    Decl enum_decl(Decl d) {
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

    Decl variable_decl(Decl d) {
        d.kind = Decl::Kind::Variable;
        d.storage = std::string(advance().text);
        if (accept_keyword("per_cpu")) d.per_cpu = true;
        // `serializing`: writing this register is a core-serializing instruction (CR3).
        if (peek().kind == TokenKind::Identifier && peek().text == "serializing" &&
            starts_type(1) &&
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

    Decl variant_decl(Decl d) {
        d.kind = Decl::Kind::Variant;
        do {
            const Token& name = expect_identifier("a variant name");
            d.members.emplace_back(name.text);
            d.member_spans.push_back(name.span);
        } while (accept_punct(","));
        expect_punct(";", "after the variant names");
        return d;
    }

    Decl invariant_decl(Decl d) {
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

    Decl handler_decl(Decl d, Decl::Kind kind) {
        d.kind = kind;
        const Token& name = expect_identifier(kind == Decl::Kind::Irq ? "an interrupt handler name"
                                                                      : "a hardware action name");
        d.name = std::string(name.text);
        d.name_span = name.span;
        if (accept_punct("(")) d.params = parameter_list();
        d.body = block();
        return d;
    }

    Decl function_decl(Decl d) {
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

    std::vector<Param> parameter_list() { // after "("
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

    // --- types ---------------------------------------------------------------
    bool starts_type(std::size_t ahead) const {
        const Token& t = peek(ahead);
        if (t.kind == TokenKind::Keyword)
            return t.text == "bool" || t.text == "int" || t.text == "void" || t.text == "cpumask" ||
                   t.text == "scalarset" || t.text == "cpus";
        return t.kind == TokenKind::Identifier && peek(ahead + 1).kind == TokenKind::Identifier;
    }

    TypePtr type_expr() {
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

    // --- statements ----------------------------------------------------------
    StmtPtr block() {
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
                 fmt::format("the `{{` at line {}, column {} is never closed", open.line,
                             open.column));
        }
        expect_punct("}", "to close the block");
        b->span = span_from(b->span);
        return b;
    }

    StmtPtr make_stmt(Stmt::Kind kind, Span span) {
        auto s = std::make_unique<Stmt>();
        s->kind = kind;
        s->span = span;
        return s;
    }

    StmtPtr statement() {
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

    StmtPtr keyword_statement() {
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

    ExprPtr condition(std::string_view what) {
        expect_punct("(", fmt::format("after `{}`", what));
        ExprPtr e = expression();
        expect_punct(")", fmt::format("after the `{}` condition", what));
        return e;
    }

    StmtPtr for_in(Span start) {
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

    StmtPtr for_each_cpu() {
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

    StmtPtr choose(Span start) {
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

    StmtPtr assertion(Span start) {
        auto s = make_stmt(Stmt::Kind::Assert, start);
        s->value = expression();
        if (accept_punct(",")) {
            if (peek().kind != TokenKind::String)
                fail(peek(), fmt::format("expected a message string after `,`, found {}",
                                         describe(peek())));
            std::string_view text = advance().text;
            s->message = std::string(text.substr(1, text.size() - 2));
        }
        expect_punct(";", "after the assertion");
        s->span = span_from(start);
        return s;
    }

    StmtPtr local_decl() {
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
    StmtPtr simple_statement(bool terminated) {
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

    // --- expressions ---------------------------------------------------------
    ExprPtr make_expr(Expr::Kind kind, Span span) {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->span = span;
        return e;
    }
    ExprPtr binary(std::string op, ExprPtr l, ExprPtr r) {
        auto e = make_expr(Expr::Kind::Binary, {l->span.file, l->span.begin, r->span.end});
        e->op = std::move(op);
        e->args.push_back(std::move(l));
        e->args.push_back(std::move(r));
        return e;
    }

    ExprPtr expression() {
        Nesting nesting(depth_);
        deeper(nesting, peek());
        return ternary();
    }
    // One more level of the expression tree: parentheses, operators and
    // indexes all count, as each is a level of recursion in the lowering.
    void deeper(Nesting& nesting, const Token& at) {
        if (nesting.deeper() <= kMaxExpressionDepth) return;
        too_deep_ = true;
        fail(at, "expression nested too deeply",
             fmt::format("at most {} levels of operators, parentheses and indexes; split it "
                         "with local variables",
                         kMaxExpressionDepth));
    }

    ExprPtr ternary() {
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
    ExprPtr left_assoc(std::initializer_list<std::string_view> ops, Next next) {
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
    ExprPtr logical_or() { return left_assoc({"||"}, &Parser::logical_and); }
    ExprPtr logical_and() { return left_assoc({"&&"}, &Parser::bit_or); }
    ExprPtr bit_or() { return left_assoc({"|"}, &Parser::bit_xor); }
    ExprPtr bit_xor() { return left_assoc({"^"}, &Parser::bit_and); }
    ExprPtr bit_and() { return left_assoc({"&"}, &Parser::equality); }
    ExprPtr equality() { return left_assoc({"==", "!="}, &Parser::relational); }
    ExprPtr relational() { return left_assoc({"<", "<=", ">", ">="}, &Parser::shift); }
    ExprPtr shift() { return left_assoc({"<<", ">>"}, &Parser::additive); }
    ExprPtr additive() { return left_assoc({"+", "-"}, &Parser::multiplicative); }
    ExprPtr multiplicative() { return left_assoc({"*", "/", "%"}, &Parser::unary); }

    ExprPtr unary() {
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

    ExprPtr postfix() {
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

    ExprPtr primary() {
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

    ExprPtr name_or_call() {
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

    ExprPtr quantifier() {
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

} // namespace

Module parse(const SourceManager& sources, std::uint32_t file, Diagnostics& diagnostics) {
    std::vector<Token> tokens = lex(sources, file, diagnostics);
    return Parser(std::move(tokens), sources.file(file), file, diagnostics).module();
}

} // namespace shootdown::lang

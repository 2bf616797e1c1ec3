#include "model/litmus/parser.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "model/litmus/lexer.hpp"

namespace shootdown::litmus {

namespace {

// Thrown after a syntax error has been reported; caught in parse(). A litmus
// test is short, so the first syntax error ends the parse.
struct SyntaxError {};

constexpr const char* kLocationTypes[] = {"int", "atomic_t", "spinlock_t"};

bool is_location_type(std::string_view word) {
    return std::find(std::begin(kLocationTypes), std::end(kLocationTypes), word) !=
           std::end(kLocationTypes);
}

// `P3` -> 3; nullopt for anything else.
std::optional<std::uint32_t> thread_number(std::string_view word) {
    if (word.size() < 2 || word.size() > 4 || word[0] != 'P') return std::nullopt;
    std::uint32_t n = 0;
    for (char c : word.substr(1)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return n;
}

class Parser {
public:
    Parser(Lexed lexed, lang::Diagnostics& diagnostics)
        : tokens_(std::move(lexed.tokens)), comments_(std::move(lexed.comments)),
          diagnostics_(diagnostics) {}

    Test test() {
        Test t;
        header(t);
        expect_punct("{", "to open the init block (write `{}` if it is empty)");
        result_line(t, tokens_[pos_ - 1].span.begin);
        while (!peek().is_punct("}"))
            t.init.push_back(init_item());
        advance();
        while (peek().kind == Token::Kind::Identifier && thread_number(peek().text))
            t.threads.push_back(thread(static_cast<std::uint32_t>(t.threads.size())));
        if (t.threads.empty())
            fail(peek(), fmt::format("expected a thread `P0(...)`, found {}", describe(peek())));
        clauses(t);
        if (peek().kind != Token::Kind::End)
            fail(peek(), fmt::format("unexpected {} after the final condition", describe(peek())));
        return t;
    }

private:
    // --- token helpers -------------------------------------------------------
    const Token& peek(std::size_t ahead = 0) const {
        return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
    }
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
    bool accept_word(std::string_view w) {
        if (!peek().is_word(w)) return false;
        advance();
        return true;
    }
    [[noreturn]] void fail(const Token& at, std::string message, std::string hint = {}) {
        diagnostics_.error(at.span, std::move(message), std::move(hint));
        throw SyntaxError{};
    }
    const Token& expect_punct(std::string_view p, std::string_view context) {
        if (peek().is_punct(p)) return advance();
        if (p == ";" && pos_ > 0) {
            // As compilers do: the `;` is missing right after the previous token.
            Span end = tokens_[pos_ - 1].span;
            diagnostics_.error(
                {end.file, end.end, end.end},
                fmt::format("expected `;` {}, before {}", context, describe(peek())));
            throw SyntaxError{};
        }
        fail(peek(), fmt::format("expected `{}` {}, found {}", p, context, describe(peek())));
    }
    const Token& expect_identifier(std::string_view what) {
        if (peek().kind != Token::Kind::Identifier)
            fail(peek(), fmt::format("expected {}, found {}", what, describe(peek())));
        return advance();
    }
    std::int64_t integer(std::string_view what) {
        bool negative = accept_punct("-");
        if (peek().kind != Token::Kind::Integer)
            fail(peek(), fmt::format("expected {}, found {}", what, describe(peek())));
        std::int64_t v = advance().value;
        return negative ? -v : v;
    }
    Span span_from(Span begin) const {
        const Token& last = tokens_[pos_ > 0 ? pos_ - 1 : 0];
        return {begin.file, begin.begin, std::max(begin.begin, last.span.end)};
    }

    // --- header --------------------------------------------------------------
    void header(Test& t) {
        const Token& arch = peek();
        if (arch.kind != Token::Kind::Identifier)
            fail(arch, fmt::format("expected `C` and the test's name, found {}", describe(arch)),
                 "a C litmus test starts with a line such as `C SB+poonceonces`");
        if (arch.text != "C")
            fail(arch, fmt::format("only C litmus tests are supported, not `{}` tests", arch.text),
                 "the first line must be `C NAME`");
        advance();
        if (peek().kind != Token::Kind::Name)
            fail(peek(), "expected the test's name after `C`", "write `C NAME` on the first line");
        t.name = std::string(peek().text);
        t.name_span = advance().span;
    }

    // The header comment's `Result: Never|Sometimes|Always|DEADLOCK` line.
    void result_line(Test& t, std::uint32_t init_begin) {
        for (const Comment& c : comments_) {
            if (c.span.begin > init_begin) break;
            std::size_t at = c.text.find("Result:");
            if (at == std::string_view::npos) continue;
            std::size_t b = at + 7;
            while (b < c.text.size() && (c.text[b] == ' ' || c.text[b] == '\t'))
                ++b;
            std::size_t e = b;
            while (e < c.text.size() && std::isalpha(static_cast<unsigned char>(c.text[e])))
                ++e;
            // c.text starts two bytes into the comment (after its opening delimiter).
            auto offset = static_cast<std::uint32_t>(c.span.begin + 2 + b);
            t.result = std::string(c.text.substr(b, e - b));
            t.result_span = {c.span.file, offset, offset + static_cast<std::uint32_t>(e - b)};
            return;
        }
    }

    // --- init block ----------------------------------------------------------
    InitItem init_item() {
        InitItem item;
        if (peek().kind == Token::Kind::Integer) {
            // `0:r0 = 1;`: a register's initial value.
            item.location = location();
        } else {
            if (peek().kind == Token::Kind::Identifier && is_location_type(peek().text) &&
                (peek(1).kind == Token::Kind::Identifier || peek(1).is_punct("*"))) {
                item.type = std::string(advance().text);
                if (accept_punct("*")) item.pointer = true;
            }
            const Token& name = expect_identifier("a shared variable in the init block");
            item.location.name = std::string(name.text);
            item.location.span = name.span;
            if (!item.type.empty() && accept_punct(";")) return item; // `int flag;`
        }
        expect_punct("=", fmt::format("after `{}` in the init block", item.location.text()));
        init_value(item);
        expect_punct(";", "after the initial value");
        return item;
    }

    void init_value(InitItem& item) {
        Span begin = peek().span;
        if (accept_punct("&")) {
            item.address_of = std::string(expect_identifier("a variable after `&`").text);
        } else if (accept_word("ATOMIC_INIT")) {
            expect_punct("(", "after `ATOMIC_INIT`");
            item.value = integer("an integer in `ATOMIC_INIT(...)`");
            expect_punct(")", "to close `ATOMIC_INIT(...)`");
        } else if (peek().kind == Token::Kind::Identifier) {
            item.address_of = std::string(advance().text); // `p=y;`: p holds &y
        } else {
            item.value = integer("an initial value");
        }
        item.value_span = span_from(begin);
    }

    // --- threads -------------------------------------------------------------
    Thread thread(std::uint32_t expected) {
        const Token& head = advance();
        Thread t;
        t.id = *thread_number(head.text);
        t.span = head.span;
        if (t.id != expected)
            fail(head, fmt::format("expected thread `P{}`, found `{}`", expected, head.text),
                 "threads are numbered P0, P1, ... in order");
        expect_punct("(", fmt::format("after `{}`", head.text));
        if (!accept_punct(")")) {
            if (accept_word("void")) {
                expect_punct(")", "after `void`");
            } else {
                do {
                    t.params.push_back(param());
                } while (accept_punct(","));
                expect_punct(")", "to close the parameter list");
            }
        }
        t.body = block();
        return t;
    }

    Param param() {
        Param p;
        const Token& type = expect_identifier("a parameter type such as `int *`");
        if (!is_location_type(type.text))
            fail(type, fmt::format("unsupported parameter type `{}`", type.text),
                 "parameters are `int *x`, `atomic_t *v` or `spinlock_t *l`");
        p.type = std::string(type.text);
        p.stars = 0;
        while (accept_punct("*"))
            ++p.stars;
        if (p.stars == 0)
            fail(peek(), "a parameter is a pointer to a shared variable",
                 fmt::format("write `{} *{}`", p.type,
                             peek().kind == Token::Kind::Identifier ? peek().text : "x"));
        const Token& name = expect_identifier("a parameter name");
        p.name = std::string(name.text);
        p.span = name.span;
        return p;
    }

    Stmt block() {
        Stmt b;
        b.kind = Stmt::Kind::Block;
        b.span = expect_punct("{", "to open a block").span;
        while (!peek().is_punct("}")) {
            if (peek().kind == Token::Kind::End) fail(peek(), "expected `}` to close the block");
            b.body.push_back(statement());
        }
        advance();
        b.span = span_from(b.span);
        return b;
    }

    Stmt statement() {
        const Token& t = peek();
        Stmt s;
        s.span = t.span;
        if (t.is_punct("{")) return block();
        if (accept_punct(";")) return s; // Empty
        if (t.is_word("int")) return declaration();
        if (accept_word("if")) {
            s.kind = Stmt::Kind::If;
            expect_punct("(", "after `if`");
            s.exprs.push_back(expression());
            expect_punct(")", "after the `if` condition");
            s.body.push_back(statement());
            if (accept_word("else")) s.body.push_back(statement());
            s.span = span_from(s.span);
            return s;
        }
        for (const char* word : {"while", "for", "do", "switch", "goto", "return", "else"})
            if (t.is_word(word))
                fail(t, fmt::format("`{}` is not part of the litmus subset", word),
                     "thread bodies are straight-line code with `if`; see docs/litmus.md");
        if (t.is_punct("(") && peek(1).is_word("void") && peek(2).is_punct(")")) {
            advance();
            advance();
            advance();
            s.kind = Stmt::Kind::Call;
            s.exprs.push_back(expression());
            if (s.exprs[0].kind != Expr::Kind::Call) fail(t, "`(void)` must be followed by a call");
            expect_punct(";", "after the statement");
            s.span = span_from(s.span);
            return s;
        }
        Expr e = expression();
        if (accept_punct("=")) {
            if (e.kind != Expr::Kind::Name && e.kind != Expr::Kind::Deref)
                diagnostics_.error(e.span, "cannot assign to this expression",
                                   "assign to a register `r0 = ...` or a location `*x = ...`");
            s.kind = Stmt::Kind::Assign;
            s.exprs.push_back(std::move(e));
            s.exprs.push_back(expression());
        } else if (e.kind == Expr::Kind::Call) {
            s.kind = Stmt::Kind::Call;
            s.exprs.push_back(std::move(e));
        } else {
            fail(peek(), fmt::format("expected a statement, found {}", describe(t)),
                 "statements are calls, assignments, declarations and `if`");
        }
        expect_punct(";", "after the statement");
        s.span = span_from(s.span);
        return s;
    }

    Stmt declaration() {
        Stmt s;
        s.kind = Stmt::Kind::Declare;
        s.span = advance().span; // int
        if (accept_punct("*")) s.pointer = true;
        const Token& name = expect_identifier("a register name");
        s.name = std::string(name.text);
        s.name_span = name.span;
        if (accept_punct("=")) s.exprs.push_back(expression());
        if (peek().is_punct(","))
            fail(peek(), "declare one register per statement", "write `int r0; int r1;`");
        expect_punct(";", "after the declaration");
        s.span = span_from(s.span);
        return s;
    }

    // --- expressions ---------------------------------------------------------
    Expr expression() {
        Expr l = unary();
        while (peek().is_punct("==") || peek().is_punct("!=")) {
            Expr c;
            c.kind = Expr::Kind::Compare;
            c.op = std::string(advance().text);
            Expr r = unary();
            c.span = {l.span.file, l.span.begin, r.span.end};
            c.args.push_back(std::move(l));
            c.args.push_back(std::move(r));
            l = std::move(c);
        }
        return l;
    }

    Expr unary() {
        const Token& t = peek();
        Expr e;
        e.span = t.span;
        if (accept_punct("!")) {
            e.kind = Expr::Kind::Not;
            e.args.push_back(unary());
        } else if (t.is_punct("-") && peek(1).kind == Token::Kind::Integer) {
            e.kind = Expr::Kind::Integer;
            e.value = integer("an integer");
        } else if (accept_punct("*")) {
            e.kind = Expr::Kind::Deref;
            const Token& name = expect_identifier("a pointer after `*`");
            e.name = std::string(name.text);
            e.name_span = name.span;
        } else if (t.kind == Token::Kind::Integer) {
            e.kind = Expr::Kind::Integer;
            e.value = advance().value;
        } else if (t.kind == Token::Kind::Identifier) {
            advance();
            e.name = std::string(t.text);
            e.name_span = t.span;
            e.kind = Expr::Kind::Name;
            if (accept_punct("(")) {
                e.kind = Expr::Kind::Call;
                if (!accept_punct(")")) {
                    do {
                        e.args.push_back(expression());
                    } while (accept_punct(","));
                    expect_punct(")", fmt::format("to close the call of `{}`", e.name));
                }
            }
        } else if (accept_punct("(")) {
            e = expression();
            expect_punct(")", "to close the parenthesis");
            return e;
        } else {
            fail(t, fmt::format("expected an expression, found {}", describe(t)));
        }
        e.span = span_from(e.span);
        return e;
    }

    // --- final clauses -------------------------------------------------------
    void clauses(Test& t) {
        if (accept_word("locations")) {
            expect_punct("[", "after `locations`");
            while (!peek().is_punct("]")) {
                t.locations.push_back(location());
                if (!accept_punct(";")) break;
            }
            expect_punct("]", "to close the `locations` list (separate entries with `;`)");
        }
        if (accept_word("filter")) t.filter = proposition();
        t.quantifier_span = peek().span;
        if (accept_word("exists")) {
            t.quantifier = Quantifier::Exists;
        } else if (peek().is_punct("~") && peek(1).is_word("exists")) {
            advance();
            advance();
            t.quantifier = Quantifier::NotExists;
        } else if (accept_word("forall")) {
            t.quantifier = Quantifier::Forall;
        } else {
            fail(peek(), fmt::format("expected the final condition, found {}", describe(peek())),
                 "end the test with `exists (...)`, after optional `locations [...]` and "
                 "`filter (...)`");
        }
        t.quantifier_span = span_from(t.quantifier_span);
        t.condition = proposition();
    }

    LocRef location() {
        LocRef l;
        Span begin = peek().span;
        if (peek().kind == Token::Kind::Integer) {
            l.thread = static_cast<std::uint32_t>(advance().value);
            expect_punct(":", "between the thread number and the register (`0:r0`)");
            l.name = std::string(expect_identifier("a register name").text);
        } else {
            l.name = std::string(expect_identifier("a location (`x`) or register (`0:r0`)").text);
        }
        l.span = span_from(begin);
        return l;
    }

    Prop proposition() {
        Prop l = conjunction();
        while (peek().is_punct("\\/")) {
            advance();
            l = combine(Prop::Kind::Or, std::move(l), conjunction());
        }
        return l;
    }
    Prop conjunction() {
        Prop l = negation();
        while (peek().is_punct("/\\")) {
            advance();
            l = combine(Prop::Kind::And, std::move(l), negation());
        }
        return l;
    }
    static Prop combine(Prop::Kind kind, Prop l, Prop r) {
        Prop p;
        p.kind = kind;
        p.span = {l.span.file, l.span.begin, r.span.end};
        p.args.push_back(std::move(l));
        p.args.push_back(std::move(r));
        return p;
    }
    Prop negation() {
        Prop p;
        p.span = peek().span;
        if (accept_punct("~")) {
            p.kind = Prop::Kind::Not;
            p.args.push_back(negation());
            p.span = span_from(p.span);
            return p;
        }
        if (accept_punct("(")) {
            p = proposition();
            expect_punct(")", "to close the parenthesis in the condition");
            return p;
        }
        if (accept_word("true") || accept_word("false")) {
            p.kind = tokens_[pos_ - 1].text == "true" ? Prop::Kind::True : Prop::Kind::False;
            return p;
        }
        p.kind = Prop::Kind::Atom;
        p.location = location();
        if (peek().is_punct("=="))
            fail(peek(), "conditions compare with `=`",
                 fmt::format("write `{}=...`", p.location.text()));
        expect_punct("=", fmt::format("after `{}` in the condition", p.location.text()));
        if (peek().kind == Token::Kind::Identifier)
            p.address_of = std::string(advance().text);
        else
            p.value = integer("a value");
        p.span = span_from(p.span);
        return p;
    }

    std::vector<Token> tokens_;
    std::vector<Comment> comments_;
    lang::Diagnostics& diagnostics_;
    std::size_t pos_ = 0;
};

} // namespace

std::optional<Test> parse(const lang::SourceManager& sources, std::uint32_t file,
                          lang::Diagnostics& diagnostics) {
    Lexed lexed = lex(sources, file, diagnostics);
    if (diagnostics.has_errors()) return std::nullopt;
    try {
        Test t = Parser(std::move(lexed), diagnostics).test();
        if (diagnostics.has_errors()) return std::nullopt;
        return t;
    } catch (const SyntaxError&) {
        return std::nullopt;
    }
}

} // namespace shootdown::litmus

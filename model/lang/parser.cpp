#include "model/lang/parser.hpp"

#include <fmt/format.h>

#include "model/lang/lexer.hpp"
#include "model/lang/parser_internal.hpp"

namespace shootdown::lang::parsing {

Module Parser::module() {
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

// Reports an error at `at` and unwinds to the nearest recovery point. An
// error at a token the lexer has already reported, or a second one at the
// end of the file, would only repeat an earlier one: those stay quiet.
[[noreturn]] void Parser::fail(const Token& at, std::string message, std::string hint) {
    bool quiet = at.reported || (at.kind == TokenKind::End && eof_reported_);
    if (at.kind == TokenKind::End) eof_reported_ = true;
    if (!quiet) diagnostics_.error(at.span, std::move(message), std::move(hint));
    throw SyntaxError{};
}

[[noreturn]] void Parser::fail(Span at, std::string message, std::string hint) {
    diagnostics_.error(at, std::move(message), std::move(hint));
    throw SyntaxError{};
}

const Token& Parser::expect_punct(std::string_view p, std::string_view context) {
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
                diagnostics_.error(Span{file_, end, end}, fmt::format("expected `;` {}", context),
                                   hint);
                return tokens_[pos_ - 1];
            }
        }
        fail(peek(), fmt::format("expected `;` {}, found {}", context, describe(peek())), hint);
    }
    fail(peek(), fmt::format("expected `{}` {}, found {}", p, context, describe(peek())));
}

const Token& Parser::expect_keyword(std::string_view k, std::string_view context) {
    if (!peek().is_keyword(k))
        fail(peek(), fmt::format("expected `{}` {}, found {}", k, context, describe(peek())));
    return advance();
}

const Token& Parser::expect_identifier(std::string_view what) {
    if (peek().kind == TokenKind::Keyword)
        fail(peek(), fmt::format("`{}` is a keyword and cannot be used as {}", peek().text, what),
             "choose another name");
    if (peek().kind != TokenKind::Identifier)
        fail(peek(), fmt::format("expected {}, found {}", what, describe(peek())));
    return advance();
}

// `start`: where the failed declaration or statement began. Recovery
// moves past it, so that parsing always makes progress.
void Parser::recover_declaration(std::size_t start) {
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

bool Parser::starts_statement(const Token& t) {
    if (t.kind != TokenKind::Keyword) return false;
    for (std::string_view k : {"if", "while", "for", "either", "choose", "await", "atomic",
                               "assert", "return", "break", "continue", "skip"})
        if (t.text == k) return true;
    return false;
}

bool Parser::starts_declaration(const Token& t) {
    if (t.kind != TokenKind::Keyword) return false;
    for (std::string_view k : {"param", "type", "enum", "shared", "hw", "ghost", "variant",
                               "invariant", "process", "irq", "hardware", "import"})
        if (t.text == k) return true;
    return false;
}

void Parser::recover_statement(std::size_t start) {
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

} // namespace shootdown::lang::parsing

namespace shootdown::lang {

Module parse(const SourceManager& sources, std::uint32_t file, Diagnostics& diagnostics) {
    std::vector<Token> tokens = lex(sources, file, diagnostics);
    return parsing::Parser(std::move(tokens), sources.file(file), file, diagnostics).module();
}

} // namespace shootdown::lang

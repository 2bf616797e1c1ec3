#include "model/lang/lexer.hpp"

#include <array>
#include <cctype>
#include <limits>

#include <fmt/format.h>

namespace shootdown::lang {

namespace {

constexpr std::array kKeywords{
    "param",     "type",     "enum",    "shared",   "hw",     "ghost",  "per_cpu",  "variant",
    "invariant", "process",  "irq",     "hardware", "import", "void",   "bool",     "int",
    "scalarset", "cpus",     "cpumask", "if",       "else",   "while",  "for",      "in",
    "either",    "or",       "choose",  "where",    "await",  "atomic", "assert",   "return",
    "break",     "continue", "true",    "false",    "forall", "exists", "this_cpu", "skip",
};

// Longest first, so that ".." wins over "." and "&&" over "&".
constexpr std::array kPuncts{
    "...", "..", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "++", "--", "<<",
    ">>",  "->", "{",  "}",  "(",  ")",  "[",  "]",  ";",  ",",  ":",  ".",  "=",
    "<",   ">",  "+",  "-",  "*",  "/",  "%",  "!",  "&",  "|",  "~",  "?",  "^"};

class Lexer {
public:
    Lexer(const SourceFile& file, std::uint32_t id, Diagnostics& diagnostics)
        : text_(file.text()), file_(id), diagnostics_(diagnostics) {}

    std::vector<Token> run() {
        std::vector<Token> tokens;
        while (true) {
            skip_space_and_comments();
            if (pos_ >= text_.size()) break;
            Token t = next();
            if (t.kind != TokenKind::Invalid) tokens.push_back(t);
        }
        tokens.push_back(make(TokenKind::End, pos_, pos_));
        return tokens;
    }

private:
    Token make(TokenKind kind, std::size_t begin, std::size_t end) const {
        Token t;
        t.kind = kind;
        t.text = text_.substr(begin, end - begin);
        t.span = {file_, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
        return t;
    }

    void skip_space_and_comments() {
        while (pos_ < text_.size()) {
            char c = text_[pos_];
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++pos_;
            } else if (text_.substr(pos_, 2) == "//") {
                while (pos_ < text_.size() && text_[pos_] != '\n')
                    ++pos_;
            } else if (text_.substr(pos_, 2) == "/*") {
                std::size_t close = text_.find("*/", pos_ + 2);
                if (close == std::string_view::npos) {
                    diagnostics_.error(span(pos_, pos_ + 2), "unterminated comment",
                                       "a `/*` comment needs a closing `*/`");
                    pos_ = text_.size();
                } else {
                    pos_ = close + 2;
                }
            } else {
                break;
            }
        }
    }

    Span span(std::size_t b, std::size_t e) const {
        return {file_, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
    }

    Token next() {
        char c = text_[pos_];
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return word();
        if (std::isdigit(static_cast<unsigned char>(c))) return number();
        if (c == '"') return string();
        for (std::string_view p : kPuncts) {
            if (text_.substr(pos_, p.size()) == p) {
                pos_ += p.size();
                return make(TokenKind::Punct, pos_ - p.size(), pos_);
            }
        }
        std::string shown = std::isprint(static_cast<unsigned char>(c))
                                ? fmt::format("`{}`", c)
                                : fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c));
        diagnostics_.error(span(pos_, pos_ + 1), fmt::format("unexpected character {}", shown));
        ++pos_;
        return make(TokenKind::Invalid, pos_ - 1, pos_);
    }

    Token word() {
        std::size_t begin = pos_;
        while (pos_ < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
            ++pos_;
        Token t = make(TokenKind::Identifier, begin, pos_);
        if (is_keyword(t.text)) t.kind = TokenKind::Keyword;
        return t;
    }

    Token number() {
        std::size_t begin = pos_;
        while (pos_ < text_.size() && std::isalnum(static_cast<unsigned char>(text_[pos_])))
            ++pos_;
        Token t = make(TokenKind::Integer, begin, pos_);
        std::int64_t value = 0;
        bool ok = true;
        for (char d : t.text) {
            if (!std::isdigit(static_cast<unsigned char>(d))) {
                ok = false;
                break;
            }
            if (value > (std::numeric_limits<std::int64_t>::max() - (d - '0')) / 10) {
                diagnostics_.error(t.span, "integer literal is too large");
                return make(TokenKind::Invalid, begin, pos_);
            }
            value = value * 10 + (d - '0');
        }
        if (!ok) {
            diagnostics_.error(t.span, fmt::format("malformed number `{}`", t.text),
                               "integers are written in decimal, e.g. `42`");
            return make(TokenKind::Invalid, begin, pos_);
        }
        t.value = value;
        return t;
    }

    Token string() {
        std::size_t begin = pos_++;
        while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n')
            ++pos_;
        if (pos_ >= text_.size() || text_[pos_] != '"') {
            diagnostics_.error(span(begin, pos_), "unterminated string",
                               "a string ends with `\"` on the same line");
            return make(TokenKind::Invalid, begin, pos_);
        }
        ++pos_;
        return make(TokenKind::String, begin, pos_);
    }

    std::string_view text_;
    std::uint32_t file_;
    Diagnostics& diagnostics_;
    std::size_t pos_ = 0;
};

} // namespace

bool is_keyword(std::string_view word) {
    for (std::string_view k : kKeywords)
        if (k == word) return true;
    return false;
}

std::string describe(const Token& token) {
    switch (token.kind) {
    case TokenKind::End:
        return "end of file";
    case TokenKind::Integer:
        return fmt::format("integer `{}`", token.text);
    case TokenKind::String:
        return fmt::format("string {}", token.text);
    default:
        return fmt::format("`{}`", token.text);
    }
}

std::vector<Token> lex(const SourceManager& sources, std::uint32_t file, Diagnostics& diagnostics) {
    return Lexer(sources.file(file), file, diagnostics).run();
}

} // namespace shootdown::lang

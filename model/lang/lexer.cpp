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

    // Invalid tokens stay in the stream, marked as reported: the parser fails
    // at them quietly and recovers, so a bad character costs one error.
    std::vector<Token> run() {
        std::vector<Token> tokens;
        while (true) {
            skip_space_and_comments();
            if (pos_ >= text_.size()) break;
            Token t = next();
            t.reported = t.kind == TokenKind::Invalid;
            tokens.push_back(t);
        }
        Token end = make(TokenKind::End, pos_, pos_);
        end.reported = cut_short_;
        tokens.push_back(end);
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
                    cut_short_ = true;
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
        std::size_t begin = pos_;
        std::size_t length = utf8_length();
        if (length > 1) {
            pos_ += length;
            diagnostics_.error(
                span(begin, pos_),
                fmt::format("unexpected character `{}`", text_.substr(begin, length)),
                "outside comments and strings a model is plain ASCII");
            return make(TokenKind::Invalid, begin, pos_);
        }
        std::string shown = std::isprint(static_cast<unsigned char>(c))
                                ? fmt::format("`{}`", c)
                                : fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c));
        diagnostics_.error(span(pos_, pos_ + 1), fmt::format("unexpected character {}", shown));
        ++pos_;
        return make(TokenKind::Invalid, pos_ - 1, pos_);
    }

    // The length of the well-formed UTF-8 sequence at pos_ (one character
    // such as `“`), or 1 for ASCII and for bytes that start no such sequence.
    std::size_t utf8_length() const {
        auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
        unsigned char lead = byte(0);
        std::size_t n = lead >= 0xf0 && lead <= 0xf4   ? 4
                        : lead >= 0xe0 && lead <= 0xef ? 3
                        : lead >= 0xc2 && lead <= 0xdf ? 2
                                                       : 1;
        if (n == 1 || pos_ + n > text_.size()) return 1;
        for (std::size_t i = 1; i < n; ++i)
            if ((byte(i) & 0xc0) != 0x80) return 1;
        // No overlong forms, surrogates, or code points past U+10FFFF.
        unsigned char second = byte(1);
        if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f) ||
            (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f))
            return 1;
        return n;
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
    bool cut_short_ = false; // an unterminated comment swallowed the rest of the file
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

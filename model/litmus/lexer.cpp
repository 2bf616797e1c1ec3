#include "model/litmus/lexer.hpp"

#include <array>
#include <cctype>
#include <limits>

#include <fmt/format.h>

namespace shootdown::litmus {

namespace {

// Longest first, so that "==" wins over "=".
constexpr std::array kPuncts{"/\\", "\\/", "==", "!=", "&&", "||", "->", "{", "}",
                             "(",   ")",   "[",  "]",  ";",  ",",  "*",  "&", "=",
                             ":",   "~",   "!",  "-",  "+",  "<",  ">",  "|", "."};

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}
bool starts_identifier(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool continues_identifier(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

class Lexer {
public:
    Lexer(const lang::SourceFile& file, std::uint32_t id, lang::Diagnostics& diagnostics)
        : text_(file.text()), file_(id), diagnostics_(diagnostics) {}

    Lexed run() {
        Lexed out;
        while (true) {
            skip_space_and_comments(out.comments);
            if (pos_ >= text_.size()) break;
            std::size_t before = out.tokens.size();
            next(out.tokens);
            // The architecture word (`C`) is followed by the test's name.
            if (before == 0 && out.tokens.size() == 1 &&
                out.tokens[0].kind == Token::Kind::Identifier)
                test_name(out.tokens);
        }
        out.tokens.push_back(make(Token::Kind::End, pos_, pos_));
        return out;
    }

private:
    Span span(std::size_t b, std::size_t e) const {
        return {file_, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
    }
    Token make(Token::Kind kind, std::size_t begin, std::size_t end) const {
        Token t;
        t.kind = kind;
        t.text = text_.substr(begin, end - begin);
        t.span = span(begin, end);
        return t;
    }

    void skip_space_and_comments(std::vector<Comment>& comments) {
        while (pos_ < text_.size()) {
            std::string_view two = text_.substr(pos_, 2);
            if (is_space(text_[pos_])) {
                ++pos_;
            } else if (two == "//") {
                std::size_t end = text_.find('\n', pos_);
                if (end == std::string_view::npos) end = text_.size();
                comments.push_back({text_.substr(pos_ + 2, end - pos_ - 2), span(pos_, end)});
                pos_ = end;
            } else if (two == "/*") {
                block_comment(comments, "/*", "*/", false);
            } else if (two == "(*" && depth_ == 0) {
                block_comment(comments, "(*", "*)", true);
            } else {
                break;
            }
        }
    }

    // herd's `(* *)` comments nest, as OCaml's do; C's `/* */` do not.
    void block_comment(std::vector<Comment>& comments, std::string_view open,
                       std::string_view close, bool nests) {
        std::size_t begin = pos_;
        int level = 0;
        while (pos_ < text_.size()) {
            std::string_view two = text_.substr(pos_, 2);
            if (two == open && (nests || level == 0)) {
                ++level;
                pos_ += 2;
            } else if (two == close) {
                pos_ += 2;
                if (--level == 0) {
                    comments.push_back(
                        {text_.substr(begin + 2, pos_ - begin - 4), span(begin, pos_)});
                    return;
                }
            } else {
                ++pos_;
            }
        }
        diagnostics_.error(span(begin, begin + 2), "unterminated comment",
                           fmt::format("a `{}` comment needs a closing `{}`", open, close));
    }

    void test_name(std::vector<Token>& tokens) {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t'))
            ++pos_;
        std::size_t begin = pos_;
        while (pos_ < text_.size() && !is_space(text_[pos_]))
            ++pos_;
        if (pos_ > begin) tokens.push_back(make(Token::Kind::Name, begin, pos_));
    }

    void next(std::vector<Token>& tokens) {
        std::size_t begin = pos_;
        char c = text_[pos_];
        if (starts_identifier(c)) {
            while (pos_ < text_.size() && continues_identifier(text_[pos_]))
                ++pos_;
            tokens.push_back(make(Token::Kind::Identifier, begin, pos_));
            return;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::int64_t value = 0;
            bool overflow = false;
            while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
                int digit = text_[pos_] - '0';
                if (value > (std::numeric_limits<std::int32_t>::max() - digit) / 10)
                    overflow = true;
                else
                    value = value * 10 + digit;
                ++pos_;
            }
            if (pos_ < text_.size() && continues_identifier(text_[pos_])) {
                while (pos_ < text_.size() && continues_identifier(text_[pos_]))
                    ++pos_;
                diagnostics_.error(
                    span(begin, pos_),
                    fmt::format("malformed number `{}`", text_.substr(begin, pos_ - begin)),
                    "litmus values are decimal integers");
                return;
            }
            if (overflow)
                diagnostics_.error(span(begin, pos_), "integer too large",
                                   "litmus values must fit in 32 bits");
            Token t = make(Token::Kind::Integer, begin, pos_);
            t.value = value;
            tokens.push_back(t);
            return;
        }
        for (std::string_view p : kPuncts) {
            if (text_.substr(pos_, p.size()) == p) {
                pos_ += p.size();
                if (p == "{") ++depth_;
                if (p == "}" && depth_ > 0) --depth_;
                tokens.push_back(make(Token::Kind::Punct, begin, pos_));
                return;
            }
        }
        ++pos_;
        diagnostics_.error(span(begin, pos_), fmt::format("unexpected character `{}`", c));
    }

    std::string_view text_;
    std::uint32_t file_;
    lang::Diagnostics& diagnostics_;
    std::size_t pos_ = 0;
    int depth_ = 0; // of braces: `(*` starts a comment only outside them
};

} // namespace

Lexed lex(const lang::SourceManager& sources, std::uint32_t file, lang::Diagnostics& diagnostics) {
    return Lexer(sources.file(file), file, diagnostics).run();
}

std::string describe(const Token& token) {
    switch (token.kind) {
    case Token::Kind::End:
        return "end of file";
    case Token::Kind::Integer:
        return fmt::format("integer {}", token.text);
    default:
        return fmt::format("`{}`", token.text);
    }
}

} // namespace shootdown::litmus

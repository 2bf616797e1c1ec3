// Tokens of the .sd model language (docs/language.md, "Lexical structure").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/lang/source.hpp"

namespace shootdown::lang {

enum class TokenKind {
    End,
    Identifier,
    Keyword,
    Integer,
    String,
    Punct, // operators and delimiters; the text says which
    Invalid,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string_view text; // points into the SourceFile's text
    Span span;
    std::int64_t value = 0; // for Integer
    // The lexer has already reported an error here (an Invalid token, or the
    // end of a file cut short by an unterminated comment): the parser stays quiet.
    bool reported = false;

    [[nodiscard]] bool is(TokenKind k, std::string_view t) const { return kind == k && text == t; }
    [[nodiscard]] bool is_punct(std::string_view t) const { return is(TokenKind::Punct, t); }
    [[nodiscard]] bool is_keyword(std::string_view t) const { return is(TokenKind::Keyword, t); }
};

// Words that cannot name anything in a model.
bool is_keyword(std::string_view word);

std::string describe(const Token& token); // "`foo`", "end of file", "integer 3"

} // namespace shootdown::lang

// Tokens of a C litmus test. Besides C's tokens the format has `(* ... *)`
// comments, but only outside braces: inside a thread body `(*x)` is C
// (`READ_ONCE(*x)`). The test name after the leading `C` is one Name token,
// since names such as `SB+rfionceonce-poonceonces` contain `+`, `-` and `.`.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/lang/diagnostics.hpp"
#include "model/lang/source.hpp"

namespace shootdown::litmus {

using lang::Span;

struct Token {
    enum class Kind { End, Identifier, Integer, Punct, Name };
    Kind kind = Kind::End;
    std::string_view text; // points into the SourceFile's text
    Span span;
    std::int64_t value = 0; // Integer

    [[nodiscard]] bool is_punct(std::string_view p) const {
        return kind == Kind::Punct && text == p;
    }
    [[nodiscard]] bool is_word(std::string_view w) const {
        return kind == Kind::Identifier && text == w;
    }
};

// A comment's text without its delimiters; the header's `Result:` line is in one.
struct Comment {
    std::string_view text;
    Span span;
};

struct Lexed {
    std::vector<Token> tokens; // ends with an End token
    std::vector<Comment> comments;
};

Lexed lex(const lang::SourceManager& sources, std::uint32_t file, lang::Diagnostics& diagnostics);

std::string describe(const Token& token); // "`foo`", "end of file", "integer 3"

} // namespace shootdown::litmus
